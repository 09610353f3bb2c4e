using System.Text;
using RoutingCluster.Gateway.FrontDoors;
using RoutingCluster.Gateway.FrontDoors.OpenAi;
using Xunit;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Tests.FrontDoors.OpenAi;

public sealed class ChatRequestInspectorTests
{
    internal static RequestInspection Inspected(string json, string? roleHeader = null)
    {
        return Assert.IsType<RequestReading.Read>(ChatRequestInspector.Inspect(Encoding.UTF8.GetBytes(json), roleHeader)).Inspection;
    }

    private static string Error(string json)
    {
        return Assert.IsType<RequestReading.Invalid>(ChatRequestInspector.Inspect(Encoding.UTF8.GetBytes(json), null)).Message;
    }

    private static string UserMessage(string content) =>
        $$"""{"model":"plan","messages":[{"role":"user","content":"{{content}}"}]}""";

    [Fact]
    public void Inspect_MinimalBody_ReadsModelAndDefaults()
    {
        var features = Inspected(UserMessage("hi"), roleHeader: "think").Features;

        Assert.Equal("plan", features.RequestedModel);
        Assert.Equal("think", features.RoleHeader);
        Assert.False(features.Stream);
        Assert.False(features.Thinking);
        Assert.False(features.Tools);
        Assert.False(features.Vision);
        Assert.Null(features.MaxOutputTokens);
    }

    [Fact]
    public void Inspect_StreamAndCaps_Read()
    {
        var features = Inspected("""{"stream":true,"max_tokens":300,"model":"m","messages":[{"role":"user","content":"x"}]}""").Features;

        Assert.True(features.Stream);
        Assert.Equal(300, features.MaxOutputTokens);
        Assert.Equal(77, Inspected("""{"model":"m","max_completion_tokens":77,"messages":["x"]}""").Features.MaxOutputTokens);
        Assert.False(Inspected("""{"model":"m","stream":false,"messages":["x"]}""").Features.Stream);
        Assert.Null(Inspected("""{"model":"m","max_tokens":null,"messages":["x"]}""").Features.MaxOutputTokens);
    }

    [Fact]
    public void Inspect_ToolsDeclared_ToolsTrue()
    {
        var features = Inspected("""
            {"model":"m","messages":[{"role":"user","content":"weather?"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}
            """).Features;

        Assert.True(features.Tools);
        Assert.False(Inspected("""{"model":"m","tools":[],"messages":["x"]}""").Features.Tools);
        Assert.True(Inspected("""{"model":"m","functions":[{"name":"f"}],"messages":["x"]}""").Features.Tools);
    }

    [Fact]
    public void Inspect_ImageUrlPart_VisionTrue()
    {
        var features = Inspected("""
            {"model":"m","messages":[{"role":"user","content":[
              {"type":"text","text":"what is this?"},
              {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}
            """).Features;

        Assert.True(features.Vision);
    }

    [Theory]
    [InlineData("""{"reasoning_effort":"high"}""", true)]
    [InlineData("""{"reasoning_effort":"low"}""", true)]
    [InlineData("""{"reasoning_effort":"minimal"}""", false)]
    [InlineData("""{"reasoning_effort":"none"}""", false)]
    [InlineData("""{"thinking":{"type":"enabled","budget_tokens":2048}}""", true)]
    [InlineData("""{"thinking":{"type":"disabled"}}""", false)]
    [InlineData("""{}""", false)]
    public void Inspect_ReasoningSettings_DetectThinking(string extra, bool thinking)
    {
        var body = extra[..^1] + (extra.Length > 2 ? "," : "") + "\"model\":\"m\",\"messages\":[\"x\"]}";

        Assert.Equal(thinking, Inspected(body).Features.Thinking);
    }

    [Fact]
    public void Inspect_LongerText_LargerEstimate()
    {
        var small = Inspected(UserMessage("hi")).Features.EstimatedInputTokens;
        var large = Inspected(UserMessage(new string('a', 4000))).Features.EstimatedInputTokens;

        // About four characters per token: 3998 more characters is about 1000 more tokens.
        Assert.InRange(large - small, 999, 1000);
    }

    [Fact]
    public void Inspect_MoreMessages_LargerEstimate()
    {
        var one = Inspected("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""").Features.EstimatedInputTokens;
        var two = Inspected("""{"model":"m","messages":[{"role":"user","content":"hi"},{"role":"user","content":"hi"}]}""").Features.EstimatedInputTokens;

        Assert.True(two > one);
    }

    [Fact]
    public void Inspect_ToolDefinitions_CountTowardsEstimate()
    {
        var without = Inspected(UserMessage("hi")).Features.EstimatedInputTokens;
        var with = Inspected($$$"""{"model":"plan","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","description":"{{{new string('d', 800)}}}"}}]}""").Features.EstimatedInputTokens;

        Assert.True(with - without >= 200);
    }

    [Fact]
    public void Inspect_ImageDataUrl_NotCountedAsText()
    {
        static string WithImage(string url) => $$$"""
            {"model":"m","messages":[{"role":"user","content":[
              {"type":"text","text":"describe"},
              {"type":"image_url","image_url":{"url":"{{{url}}}","detail":"low"}}]}]}
            """;

        var tiny = Inspected(WithImage("data:image/png;base64,AAAA")).Features;
        var huge = Inspected(WithImage("data:image/png;base64," + new string('A', 400_000))).Features;

        Assert.True(huge.Vision);
        Assert.Equal(tiny.EstimatedInputTokens, huge.EstimatedInputTokens);
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[""")]
    [InlineData("""{"model":"m","messages":["x"]""")]
    [InlineData("""{"model":"m" "messages":["x"]}""")]
    [InlineData("not json")]
    public void Inspect_InvalidJson_Error(string json) =>
        Assert.StartsWith("The request body is not valid JSON", Error(json), StringComparison.Ordinal);

    [Theory]
    [InlineData("""[{"model":"m"}]""")]
    [InlineData("\"plan\"")]
    [InlineData("42")]
    public void Inspect_NotAnObject_Error(string json) =>
        Assert.Equal("The request body must be a JSON object.", Error(json));

    [Theory]
    [InlineData("""{"messages":["x"]}""")]
    [InlineData("""{"model":"","messages":["x"]}""")]
    [InlineData("""{"model":42,"messages":["x"]}""")]
    public void Inspect_MissingModel_Error(string json) =>
        Assert.StartsWith("`model` is required", Error(json), StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"model":"m"}""")]
    [InlineData("""{"model":"m","messages":[]}""")]
    [InlineData("""{"model":"m","messages":"hi"}""")]
    public void Inspect_MissingOrEmptyMessages_Error(string json) =>
        Assert.StartsWith("`messages` is required", Error(json), StringComparison.Ordinal);

    [Fact]
    public void Inspect_Positions_PointAtModelValueAndStreamOptions()
    {
        const string json = """{ "stream_options": {"include_usage": false}, "model" : "plan", "messages":["x"]}""";

        var inspection = Inspected(json);

        Assert.Equal(0, inspection.ObjectStart);
        Assert.Equal("\"plan\"", json[inspection.ModelStart..inspection.ModelEnd]);
        Assert.Equal('{', json[inspection.StreamOptionsStart]);
        Assert.Equal(json.IndexOf("{\"include_usage\"", StringComparison.Ordinal), inspection.StreamOptionsStart);
        Assert.False(inspection.StreamOptionsEmpty);
        Assert.False(inspection.IncludeUsage);
    }

    [Theory]
    [InlineData("""{"stream_options":{},"model":"m","messages":["x"]}""", true, null)]
    [InlineData("""{"stream_options":{"other":{"include_usage":true}},"model":"m","messages":["x"]}""", false, null)]
    [InlineData("""{"stream_options":{"include_usage":true},"model":"m","messages":["x"]}""", false, true)]
    public void Inspect_StreamOptions_EmptinessAndIncludeUsage(string json, bool empty, bool? includeUsage)
    {
        var inspection = Inspected(json);

        Assert.Equal(empty, inspection.StreamOptionsEmpty);
        Assert.Equal(includeUsage, inspection.IncludeUsage);
    }

    [Fact]
    public void Inspect_NoStreamOptions_StartIsMinusOne() =>
        Assert.Equal(-1, Inspected(UserMessage("x")).StreamOptionsStart);

    [Theory]
    [InlineData("""{"model":"plan","thinking":{"type":1},"messages":["x"]}""", true)]
    [InlineData("""{"model":"plan","thinking":{"type":null},"messages":["x"]}""", true)]
    [InlineData("""{"model":"plan","thinking":{"type":{"nested":"disabled"}},"messages":["x"]}""", true)]
    [InlineData("""{"model":"plan","thinking":{"type":"disabled"},"messages":["x"]}""", false)]
    public void Inspect_ThinkingTypeOfAnyShape_NoException(string json, bool thinking) =>
        Assert.Equal(thinking, Inspected(json).Features.Thinking);

    [Fact]
    public void Inspect_StreamGivenAsObject_SkippedNotReadAsTopLevel()
    {
        var json = """{"stream":{"model":"inner","messages":[]},"model":"plan","messages":["x"]}""";

        var inspection = Inspected(json);

        Assert.Equal("plan", inspection.Features.RequestedModel);
        Assert.False(inspection.Features.Stream);
        Assert.Equal("\"plan\"", json[inspection.ModelStart..inspection.ModelEnd]);
    }
}
