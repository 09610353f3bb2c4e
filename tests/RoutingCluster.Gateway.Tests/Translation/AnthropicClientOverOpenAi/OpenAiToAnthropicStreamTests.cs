using System.Text;
using System.Text.Json.Nodes;
using RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;
using Xunit;
using static RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi.OpenAiChunks;
using static RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi.TranslationAssert;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi;

public sealed class OpenAiToAnthropicStreamTests
{
    private const string ReadArguments = """{"file_path":"/repo/src/Parser.cs","offset":120,"limit":40}""";
    private const string GrepArguments = """{"pattern":"TODO: \"fix\" café\\d+","path":"/repo/src","-n":true}""";

    private readonly OpenAiToAnthropicStream _translator = new("claude-sonnet-4-5-20250929");

    [Fact]
    public void OnEvent_TextThenTwoToolCallsSplitAcrossManyDeltas_EmitsAnthropicSequence()
    {
        var upstream = new List<SseEvent> { Role(), Text("I'll"), Text(""), Text(" check both."), ToolStart(0, "call_Read01", "Read") };
        upstream.AddRange(Split(ReadArguments, 1, 2, 7, 13, 16, 30, 31, 45, 52).Select(p => ToolArguments(0, p)));
        upstream.Add(ToolStart(1, "call_Grep02", "Grep"));
        // Cuts right after a backslash (inside \" and \\ escapes) and around the non-ASCII character.
        upstream.AddRange(Split(GrepArguments, 3, 18, 19, 24, 28, 29, 31, 33, 50).Select(p => ToolArguments(1, p)));
        upstream.AddRange([Finish("tool_calls"), Usage(2150, 87, cached: 1920), Done]);

        var events = upstream.SelectMany(_translator.Events).Select(Parse).ToList();

        Assert.Equal(
            ["message_start", "content_block_start 0 text", "content_block_delta 0 text_delta", "content_block_delta 0 text_delta", "content_block_stop 0",
             "content_block_start 1 tool_use", .. Enumerable.Repeat("content_block_delta 1 input_json_delta", 10), "content_block_stop 1",
             "content_block_start 2 tool_use", .. Enumerable.Repeat("content_block_delta 2 input_json_delta", 10), "content_block_stop 2",
             "message_delta", "message_stop"],
            events.Select(Describe));
        Assert.Equal("I'll check both.", string.Concat(events.Where(e => Describe(e) == "content_block_delta 0 text_delta").Select(e => (string)e["delta"]!["text"]!)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ReadArguments), JsonNode.Parse(PartialJson(events, 1))));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(GrepArguments), JsonNode.Parse(PartialJson(events, 2))));
        Assert.Empty(_translator.OnEnd());
        Assert.Equal(new TokenUsage(2150, 87, CacheRead: 1920), _translator.Usage);
    }

    [Fact]
    public void OnEvent_RecordedStream_FramesMatchGolden()
    {
        var events = new[] { Role(), ToolStart(0, "call_Read01", "Read"), ToolArguments(0, "{}"), Finish("tool_calls"), Usage(2150, 87, cached: 1920), Done }
            .SelectMany(_translator.Events).Select(e => Encoding.UTF8.GetString(e)).ToList();

        Assert.All(events, e => Assert.Matches("^event: [a-z_]+\ndata: \\{[^\n]*\\}\n\n$", e));
        JsonEqual("""
            {"type": "message_start", "message": {"id": "msg_chatcmpl-BzX4hWq1L7cM9tP0aVv2sE8RkYnJf", "type": "message", "role": "assistant",
              "model": "claude-sonnet-4-5-20250929", "content": [], "stop_reason": null, "stop_sequence": null,
              "usage": {"input_tokens": 0, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0, "output_tokens": 0}}}
            """, Data(events[0]));
        JsonEqual("""{"type": "content_block_start", "index": 0, "content_block": {"type": "tool_use", "id": "call_Read01", "name": "Read", "input": {}}}""", Data(events[1]));
        JsonEqual("""{"type": "content_block_delta", "index": 0, "delta": {"type": "input_json_delta", "partial_json": "{}"}}""", Data(events[2]));
        JsonEqual("""{"type": "content_block_stop", "index": 0}""", Data(events[3]));
        JsonEqual("""
            {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": null},
             "usage": {"input_tokens": 230, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 1920, "output_tokens": 87}}
            """, Data(events[4]));
        Assert.Equal("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", events[5]);
        Assert.Equal(6, events.Count);
    }

    [Fact]
    public void OnEnd_StreamEndsWithoutFinishReasonOrDone_ClosesBlockAndMessageOnce()
    {
        var events = new[] { Role(), Text("partial answer") }.SelectMany(_translator.Events).Select(Parse).ToList();
        events.AddRange(_translator.OnEnd().Select(Parse));

        Assert.Equal(["message_start", "content_block_start 0 text", "content_block_delta 0 text_delta", "content_block_stop 0", "message_delta", "message_stop"], events.Select(Describe));
        JsonEqual("""{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null}, "usage": {"output_tokens": 0}}""", events[4].ToJsonString());
        Assert.Empty(_translator.OnEnd());
        Assert.Empty(_translator.Events(Done));
        Assert.Null(_translator.Usage);
    }

    [Fact]
    public void OnEnd_ToolCallOpenWithoutFinishReason_StopsWithToolUse()
    {
        var events = new[] { ToolStart(0, "call_1", "Bash"), ToolArguments(0, """{"command":"ls"}""") }.SelectMany(_translator.Events).ToList();
        events.AddRange(_translator.OnEnd());

        var delta = events.Select(Parse).Single(e => Describe(e) == "message_delta");
        Assert.Equal("tool_use", (string)delta["delta"]!["stop_reason"]!);
        Assert.Equal("content_block_stop 0", Describe(Parse(events[^3])));
    }

    [Fact]
    public void OnEvent_SeveralCompleteToolCallsInOneChunk_OpensOneBlockEach()
    {
        var chunk = Chunk("""
            {"tool_calls":[
              {"index":0,"id":"call_a","type":"function","function":{"name":"Read","arguments":"{\"file_path\":\"/a\"}"}},
              {"index":1,"id":"call_b","type":"function","function":{"name":"Read","arguments":"{\"file_path\":\"/b\"}"}}]}
            """.ReplaceLineEndings(""));

        var events = new[] { chunk, Finish("tool_calls"), Done }.SelectMany(_translator.Events).Select(Parse).ToList();

        Assert.Equal(
            ["message_start", "content_block_start 0 tool_use", "content_block_delta 0 input_json_delta", "content_block_stop 0",
             "content_block_start 1 tool_use", "content_block_delta 1 input_json_delta", "content_block_stop 1", "message_delta", "message_stop"],
            events.Select(Describe));
        Assert.Equal("call_b", (string)events[4]["content_block"]!["id"]!);
        Assert.Equal("""{"file_path":"/b"}""", PartialJson(events, 1));
    }

    [Fact]
    public void OnEvent_TextWithEscapesAndRawNonAscii_PassesTextThroughUnchanged()
    {
        var events = _translator.Events(Chunk("""{"content":"Grüße ☕ \"q\"\n\u00e9"}""")).Select(Parse).ToList();

        Assert.Equal("Grüße ☕ \"q\"\né", (string)events[^1]["delta"]!["text"]!);
    }

    [Fact]
    public void OnEvent_ToolPiecesWithoutIndexOrId_ContinueOpenCallAndNameGeneratedIds()
    {
        var upstream = new[]
        {
            Chunk("""{"tool_calls":[{"id":"call_x","function":{"name":"Read","arguments":"{\"file_path\":"}}]}"""),
            Chunk("""{"tool_calls":[{"function":{"arguments":"\"/a\"}"}}]}"""),
            Chunk("""{"tool_calls":[{"index":1,"function":{"name":"Now","arguments":"{}"}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"late"}}]}"""),
        };

        var events = upstream.SelectMany(_translator.Events).Select(Parse).ToList();
        events.AddRange(_translator.OnEnd().Select(Parse));

        Assert.Equal(
            ["message_start", "content_block_start 0 tool_use", "content_block_delta 0 input_json_delta", "content_block_delta 0 input_json_delta", "content_block_stop 0",
             "content_block_start 1 tool_use", "content_block_delta 1 input_json_delta", "content_block_stop 1", "message_delta", "message_stop"],
            events.Select(Describe));
        Assert.Equal("""{"file_path":"/a"}""", PartialJson(events, 0));
        Assert.Equal($"toolu_{Id}_1", (string)events[5]["content_block"]!["id"]!);
    }

    [Fact]
    public void OnEvent_KeepAliveAndDoneBeforeAnyChunk_StillFramesAWholeMessage()
    {
        Assert.Empty(_translator.Events(new SseEvent(": keep-alive\n\n"u8.ToArray(), [])));

        var events = _translator.Events(Done).Select(Parse).ToList();

        Assert.Equal(["message_start", "message_delta", "message_stop"], events.Select(Describe));
    }

    [Fact]
    public void OnEvent_UpstreamErrorChunk_EmitsErrorEventAndEnds()
    {
        _translator.Events(Text("Hel"));

        var events = _translator.Events(Event("""{"error":{"message":"Upstream overloaded","type":"server_error","code":null}}"""));

        Assert.Equal("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Upstream overloaded\"}}\n\n", Encoding.UTF8.GetString(Assert.Single(events)));
        Assert.Empty(_translator.OnEnd());
    }

    [Fact]
    public void ErrorEvent_Message_IsAnthropicErrorEvent()
    {
        var error = Encoding.UTF8.GetString(_translator.ErrorEvent("upstream closed the connection \"mid-stream\""));

        Assert.Equal("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"upstream closed the connection \\u0022mid-stream\\u0022\"}}\n\n", error);
        Assert.Empty(_translator.OnEnd());
    }

    [Fact]
    public void TryTranslate_ChunkNotJson_RefusesNamingTheProblem()
    {
        Assert.False(_translator.TryTranslate(Event("{\"id\": "), out _, out var problem));
        Assert.Contains("not JSON", problem, StringComparison.Ordinal);
    }

    private static JsonNode Parse(byte[] sse)
    {
        var text = Encoding.UTF8.GetString(sse);
        var node = JsonNode.Parse(Data(text))!;
        Assert.StartsWith($"event: {node["type"]}\ndata: ", text, StringComparison.Ordinal);
        return node;
    }

    private static string Data(string sse) => sse[(sse.IndexOf("data: ", StringComparison.Ordinal) + 6)..].TrimEnd('\n');

    private static string Describe(JsonNode e) => (string)e["type"]! switch
    {
        "content_block_start" => $"content_block_start {e["index"]} {e["content_block"]!["type"]}",
        "content_block_delta" => $"content_block_delta {e["index"]} {e["delta"]!["type"]}",
        "content_block_stop" => $"content_block_stop {e["index"]}",
        var type => type,
    };

    private static string PartialJson(List<JsonNode> events, int index) => string.Concat(events
        .Where(e => Describe(e) == $"content_block_delta {index} input_json_delta")
        .Select(e => (string)e["delta"]!["partial_json"]!));
}
