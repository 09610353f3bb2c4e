using System.Text;
using System.Text.Json.Nodes;
using RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;
using Xunit;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Tests.Translation.OpenAiClientOverAnthropic;

public sealed class AnthropicToOpenAiStreamTests
{
    private const string ReadFileArguments = """{"path": "src/parse.py"}""";
    private const string RunArguments = """{"cmd": "pytest -k test_parse", "timeout": 60}""";

    /// <summary>Shaped like a recorded Claude stream: text, then two tool calls whose input arrives in many small pieces.</summary>
    private static readonly string[] ToolCallStream =
    [
        """{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"cache_creation_input_tokens":0,"cache_read_input_tokens":1200,"output_tokens":2}}}""",
        """{"type": "ping"}""",
        """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
        """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay, "}}""",
        """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"checking \"both\"."}}""",
        """{"type":"content_block_stop","index":0}""",
        """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_A","name":"read_file","input":{}}}""",
        """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}""",
        """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"pa"}}""",
        """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"th\": \"src/"}}""",
        """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"parse.py\"}"}}""",
        """{"type":"content_block_stop","index":1}""",
        """{"type":"ping"}""",
        """{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_B","name":"run","input":{}}}""",
        """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"cmd\""}}""",
        """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":": \"pytest"}}""",
        """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":" -k test_parse\", "}}""",
        """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"\"timeout\": 6"}}""",
        """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"0}"}}""",
        """{"type":"content_block_stop","index":2}""",
        """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}""",
        """{"type":"message_stop"}""",
    ];

    private static SseEvent Event(string json)
    {
        var type = JsonNode.Parse(json)!["type"]!.GetValue<string>();
        return new SseEvent(Encoding.UTF8.GetBytes($"event: {type}\ndata: {json}\n\n"), Encoding.UTF8.GetBytes(json));
    }

    private static List<string> Run(AnthropicToOpenAiStream translator, IEnumerable<string> events, bool end = true)
    {
        var output = events.SelectMany(e => translator.Events(Event(e))).ToList();
        if (end)
        {
            output.AddRange(translator.OnEnd());
        }

        return output.Select(Encoding.UTF8.GetString).ToList();
    }

    private static string Chunk(string delta, string? finishReason = null) =>
        $$"""{"id":"chatcmpl-msg_01","object":"chat.completion.chunk","created":1760000000,"model":"code","choices":[{"index":0,"delta":{{delta}},"logprobs":null,"finish_reason":{{(finishReason is null ? "null" : $"\"{finishReason}\"")}}}]}""";

    private static void AssertEvents(IReadOnlyList<string> expectedJson, IReadOnlyList<string> actual)
    {
        Assert.Equal(expectedJson.Count, actual.Count);
        for (var i = 0; i < actual.Count; i++)
        {
            Assert.StartsWith("data: ", actual[i], StringComparison.Ordinal);
            Assert.EndsWith("\n\n", actual[i], StringComparison.Ordinal);
            if (expectedJson[i] == "[DONE]")
            {
                Assert.Equal("data: [DONE]\n\n", actual[i]);
            }
            else
            {
                GoldenJson.Equal(expectedJson[i], actual[i]["data: ".Length..^2]);
            }
        }
    }

    private static readonly string[] ExpectedToolCallChunks =
    [
        Chunk("""{"role":"assistant","content":""}"""),
        Chunk("""{"content":"Okay, "}"""),
        Chunk("""{"content":"checking \"both\"."}"""),
        Chunk("""{"tool_calls":[{"index":0,"id":"toolu_A","type":"function","function":{"name":"read_file","arguments":""}}]}"""),
        Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"pa"}}]}"""),
        Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"th\": \"src/"}}]}"""),
        Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"parse.py\"}"}}]}"""),
        Chunk("""{"tool_calls":[{"index":1,"id":"toolu_B","type":"function","function":{"name":"run","arguments":""}}]}"""),
        Chunk("""{"tool_calls":[{"index":1,"function":{"arguments":"{\"cmd\""}}]}"""),
        Chunk("""{"tool_calls":[{"index":1,"function":{"arguments":": \"pytest"}}]}"""),
        Chunk("""{"tool_calls":[{"index":1,"function":{"arguments":" -k test_parse\", "}}]}"""),
        Chunk("""{"tool_calls":[{"index":1,"function":{"arguments":"\"timeout\": 6"}}]}"""),
        Chunk("""{"tool_calls":[{"index":1,"function":{"arguments":"0}"}}]}"""),
        Chunk("{}", "tool_calls"),
    ];

    [Fact]
    public void OnEvent_TextAndTwoSplitToolCalls_ExactChunkSequenceWithoutUsage()
    {
        var translator = new AnthropicToOpenAiStream("code", 1_760_000_000, includeUsage: false);

        var output = Run(translator, ToolCallStream);

        AssertEvents([.. ExpectedToolCallChunks, "[DONE]"], output);
        Assert.Equal(new TokenUsage(1672, 89, CacheRead: 1200, CacheWrite: 0), translator.Usage);
    }

    [Fact]
    public void OnEvent_IncludeUsage_UsageChunkBeforeDone()
    {
        var translator = new AnthropicToOpenAiStream("code", 1_760_000_000, includeUsage: true);

        var output = Run(translator, ToolCallStream);

        const string usageChunk = """
            {"id":"chatcmpl-msg_01","object":"chat.completion.chunk","created":1760000000,"model":"code","choices":[],
             "usage":{"prompt_tokens":1672,"completion_tokens":89,"total_tokens":1761,"prompt_tokens_details":{"cached_tokens":1200}}}
            """;
        AssertEvents([.. ExpectedToolCallChunks, usageChunk, "[DONE]"], output);
    }

    [Fact]
    public void OnEvent_SplitToolArguments_ReassembleToOriginalJson()
    {
        var translator = new AnthropicToOpenAiStream("code", 0, includeUsage: false);
        var arguments = new Dictionary<int, StringBuilder>();

        foreach (var chunk in Run(translator, ToolCallStream).Where(c => c.Contains("tool_calls\":[", StringComparison.Ordinal)))
        {
            var call = JsonNode.Parse(chunk["data: ".Length..])!["choices"]![0]!["delta"]!["tool_calls"]![0]!;
            var index = call["index"]!.GetValue<int>();
            arguments.TryAdd(index, new StringBuilder());
            arguments[index].Append(call["function"]!["arguments"]!.GetValue<string>());
        }

        Assert.Equal([0, 1], arguments.Keys.Order());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ReadFileArguments), JsonNode.Parse(arguments[0].ToString())));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(RunArguments), JsonNode.Parse(arguments[1].ToString())));
    }

    [Fact]
    public void OnEvent_RoleChunk_ExactBytes()
    {
        var translator = new AnthropicToOpenAiStream("code", 1_760_000_000, includeUsage: false);

        var output = translator.Events(Event(ToolCallStream[0]));

        Assert.Equal(
            "data: {\"id\":\"chatcmpl-msg_01\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,\"model\":\"code\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n",
            Encoding.UTF8.GetString(Assert.Single(output)));
    }

    [Fact]
    public void OnEvent_ThinkingBlock_ReasoningContentAndSignatureDropped()
    {
        var translator = new AnthropicToOpenAiStream("code", 1_760_000_000, includeUsage: false);

        var output = Run(translator,
        [
            ToolCallStream[0],
            """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think."}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Done."}}""",
            """{"type":"content_block_stop","index":1}""",
            """{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":300}}""",
            """{"type":"message_stop"}""",
        ]);

        AssertEvents(
        [
            Chunk("""{"role":"assistant","content":""}"""),
            Chunk("""{"reasoning_content":"Let me think."}"""),
            Chunk("""{"content":"Done."}"""),
            Chunk("{}", "length"),
            "[DONE]",
        ], output);
    }

    [Fact]
    public void OnEvent_ErrorEventMidStream_InBandErrorAndNoDone()
    {
        var translator = new AnthropicToOpenAiStream("code", 1_760_000_000, includeUsage: true);

        var output = Run(translator,
        [
            .. ToolCallStream[..4],
            """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""",
            .. ToolCallStream[4..],
        ]);

        AssertEvents(
        [
            Chunk("""{"role":"assistant","content":""}"""),
            Chunk("""{"content":"Okay, "}"""),
            """{"error":{"message":"Overloaded","type":"overloaded_error","code":"overloaded"}}""",
        ], output);
        Assert.Equal(new TokenUsage(1672, 2, CacheRead: 1200), translator.Usage);
    }

    [Fact]
    public void OnEnd_StreamCutBeforeMessageStop_ErrorEventInsteadOfDone()
    {
        var translator = new AnthropicToOpenAiStream("code", 1_760_000_000, includeUsage: true);

        var output = Run(translator, ToolCallStream[..9]);

        Assert.DoesNotContain(output, e => e.Contains("[DONE]", StringComparison.Ordinal));
        GoldenJson.Equal(
            """{"error":{"message":"The upstream stream ended before the message was complete.","type":"upstream_error","code":"stream_interrupted"}}""",
            output[^1]["data: ".Length..^2]);
    }

    [Fact]
    public void OnEnd_AfterMessageStop_Nothing()
    {
        var translator = new AnthropicToOpenAiStream("code", 0, includeUsage: false);
        Run(translator, ToolCallStream, end: false);

        Assert.Empty(translator.OnEnd());
        Assert.Empty(translator.Events(Event(ToolCallStream[3])));
    }

    [Fact]
    public void ErrorEvent_Message_OpenAiInBandErrorBytes()
    {
        var translator = new AnthropicToOpenAiStream("code", 0, includeUsage: false);

        var bytes = translator.ErrorEvent("upstream connection reset");

        Assert.Equal(
            "data: {\"error\":{\"message\":\"upstream connection reset\",\"type\":\"upstream_error\",\"code\":\"stream_interrupted\"}}\n\n",
            Encoding.UTF8.GetString(bytes));
        Assert.Empty(translator.OnEnd());
    }

    [Fact]
    public void OnEvent_PingAndUnparseableData_Ignored()
    {
        var translator = new AnthropicToOpenAiStream("code", 0, includeUsage: false);

        Assert.Empty(translator.Events(Event("""{"type":"ping"}""")));
        Assert.Empty(translator.Events(new SseEvent("data: {oops\n\n"u8.ToArray(), "{oops"u8.ToArray())));
        Assert.Null(translator.Usage);
    }
}
