using System.Text;
using System.Text.Json;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Translation.ResponsesClientOverChat;
using RoutingCluster.Gateway.Wire;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Translation.ResponsesClientOverChat;

/// <summary>Reasoning an upstream shows (<c>reasoning_content</c>) reaches a Responses client as a reasoning item with a summary, whole or streamed.</summary>
public sealed class ReasoningOutputTests
{
    private static SseEvent Chunk(string json) => new(Encoding.UTF8.GetBytes($"data: {json}\n\n"), Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Body_ReasoningContent_ReasoningItemBeforeTheMessage()
    {
        var translated = Assert.IsType<BodyTranslation.Translated>(new ChatToResponsesBody("m", 1).Translate(Encoding.UTF8.GetBytes("""
            {"id":"c1","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop",
              "message":{"role":"assistant","reasoning_content":"Two plus two is four.","content":"4"}}],
             "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}
            """)));

        using var document = JsonDocument.Parse(translated.Body);
        var output = document.RootElement.GetProperty("output");
        Assert.Equal(["reasoning", "message"], output.EnumerateArray().Select(i => i.GetProperty("type").GetString()));
        Assert.Equal("Two plus two is four.", output[0].GetProperty("summary")[0].GetProperty("text").GetString());
        Assert.Equal("summary_text", output[0].GetProperty("summary")[0].GetProperty("type").GetString());
    }

    [Fact]
    public void Stream_ReasoningThenText_SummaryEventsThenTextEventsThenCompleted()
    {
        var translator = new ChatToResponsesStream("m", 1);
        var events = new List<string>();
        foreach (var chunk in (string[])[
            """{"choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Two plus "}}]}""",
            """{"choices":[{"index":0,"delta":{"reasoning_content":"two."}}]}""",
            """{"choices":[{"index":0,"delta":{"content":"4"}}]}""",
            """{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
            """{"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""",
            "[DONE]"])
        {
            Assert.True(translator.TryTranslate(Chunk(chunk), out var translated, out _));
            events.AddRange(translated.Select(Encoding.UTF8.GetString));
        }

        var types = events.Select(e => e.Split('\n')[0]["event: ".Length..]).ToList();
        Assert.Equal([
            "response.created", "response.in_progress",
            "response.output_item.added", "response.reasoning_summary_part.added",
            "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
            "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
            "response.output_item.added", "response.content_part.added", "response.output_text.delta",
            "response.output_text.done", "response.content_part.done", "response.output_item.done",
            "response.completed"], types);
        using var completed = JsonDocument.Parse(events[^1].Split('\n')[1]["data: ".Length..]);
        var output = completed.RootElement.GetProperty("response").GetProperty("output");
        Assert.Equal("Two plus two.", output[0].GetProperty("summary")[0].GetProperty("text").GetString());
        Assert.Equal(1, output[1].GetProperty("content").GetArrayLength());
        Assert.Equal(8, completed.RootElement.GetProperty("response").GetProperty("usage").GetProperty("total_tokens").GetInt64());
    }

    [Fact]
    public void AnthropicUpstream_ThinkingBlock_ReasoningItemThroughChat()
    {
        var inspection = Assert.IsType<RoutingCluster.Gateway.FrontDoors.RequestReading.Read>(
            RoutingCluster.Gateway.FrontDoors.Responses.ResponsesRequestInspector.Inspect(Encoding.UTF8.GetBytes("""{"model":"m","input":"2+2?"}"""), null)).Inspection;
        var bridge = new ChainedBridge(new ResponsesClientOverChatBridge(TimeProvider.System),
            new RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic.OpenAiClientOverAnthropicBridge(TimeProvider.System));

        var translated = Assert.IsType<BodyTranslation.Translated>(bridge.BodyTranslator(inspection).Translate(Encoding.UTF8.GetBytes("""
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-x","stop_reason":"end_turn",
             "content":[{"type":"thinking","thinking":"Add the numbers.","signature":"sig"},{"type":"text","text":"4"}],
             "usage":{"input_tokens":5,"output_tokens":3}}
            """)));

        using var document = JsonDocument.Parse(translated.Body);
        var output = document.RootElement.GetProperty("output");
        Assert.Equal(["reasoning", "message"], output.EnumerateArray().Select(i => i.GetProperty("type").GetString()));
        Assert.Equal("Add the numbers.", output[0].GetProperty("summary")[0].GetProperty("text").GetString());
        Assert.Equal((5, 3), (translated.Usage?.Input, translated.Usage?.Output));
    }
}
