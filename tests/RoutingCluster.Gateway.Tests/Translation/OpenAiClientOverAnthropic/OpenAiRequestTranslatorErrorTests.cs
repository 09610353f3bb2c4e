using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Translation.OpenAiClientOverAnthropic;

public sealed class OpenAiRequestTranslatorErrorTests
{
    private static RequestTranslation.Untranslatable Refused(string openAi) =>
        Assert.IsType<RequestTranslation.Untranslatable>(OpenAiRequestTranslator.ToAnthropic(GoldenJson.Utf8(openAi), "claude", 1024));

    [Fact]
    public void ToAnthropic_InvalidToolArguments_UntranslatableNamingThePath()
    {
        var error = Refused("""
            {"messages":[{"role":"user","content":"x"},
              {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"run","arguments":"{\"cmd\": \"ls"}}]}]}
            """);

        Assert.Contains("messages[1].tool_calls[0].function.arguments", error.Reason, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ToAnthropic_ToolArgumentsNotAnObject_Untranslatable()
    {
        var error = Refused("""{"messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"run","arguments":"[1,2]"}}]}]}""");

        Assert.Contains("must be a JSON object", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"n":2}""", "`n`")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"logprobs":true}""", "logprobs")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{}}}}""", "json_schema")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"modalities":["text","audio"]}""", "modalities")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"functions":[{"name":"f"}]}""", "functions")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAA=","format":"wav"}}]}]}""", "input_audio")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-1"}}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/svg+xml,<svg/>"}}]}]}""", "not base64")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://host/a.png"}}]}]}""", "http(s)")]
    [InlineData("""{"messages":[{"role":"function","name":"f","content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"messages":[{"role":"assistant","function_call":{"name":"f","arguments":"{}"}}]}""", "function_call")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"tools":[{"type":"custom","custom":{"name":"g"}}]}""", "tools[0].type")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"reasoning_effort":"extreme"}""", "reasoning_effort")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"sometimes"}""", "tool_choice")]
    [InlineData("""{"messages":[{"role":"tool","content":"x"}]}""", "messages[0].tool_call_id")]
    [InlineData("""{"messages":"hello"}""", "messages")]
    [InlineData("""{"model":"m"}""", "messages")]
    [InlineData("""{"messages":[{"role":"user","content":42}]}""", "messages[0].content")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"max_tokens":"many"}""", "max_tokens")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"stop":[1]}""", "stop[0]")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"reasoning_effort":5}""", "`reasoning_effort` must be a string")]
    public void ToAnthropic_UntranslatableInput_UntranslatableWithReason(string openAi, string mentioned)
    {
        var error = Refused(openAi);

        Assert.Contains(mentioned, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"messages":[],"messages":[]}""")]
    public void ToAnthropic_BodyNotAJsonObject_Untranslatable(string body)
    {
        var error = Refused(body);

        Assert.Contains("request body", error.Reason, StringComparison.Ordinal);
    }
}
