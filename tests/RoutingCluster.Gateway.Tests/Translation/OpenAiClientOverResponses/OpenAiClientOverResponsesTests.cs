using System.Text;
using System.Text.Json;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Translation.OpenAiClientOverResponses;
using RoutingCluster.Gateway.Wire;
using Xunit;
using static RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi.TranslationAssert;

namespace RoutingCluster.Gateway.Tests.Translation.OpenAiClientOverResponses;

/// <summary>A chat-completions client over a Responses upstream: the request, the whole answer and the stream, mapping by mapping.</summary>
public sealed class OpenAiClientOverResponsesTests
{
    [Fact]
    public void Request_MessagesToolsAndOptions_AsResponsesItems()
    {
        var translated = Assert.IsType<RequestTranslation.Translated>(ChatToResponsesRequest.ToResponses(Utf8("""
            {"model":"m","stream":true,"max_completion_tokens":300,"reasoning_effort":"high","temperature":0.2,"parallel_tool_calls":false,
             "response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"object"},"strict":true}},
             "tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object"}}}],"tool_choice":{"type":"function","function":{"name":"f"}},
             "messages":[
               {"role":"system","content":"Be brief."},
               {"role":"user","content":[{"type":"text","text":"Look"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AA"}}]},
               {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},
               {"role":"tool","tool_call_id":"call_1","content":"ok"},
               {"role":"assistant","content":"Done."}]}
            """), "resp-up"));

        JsonEqual("""
            {"model":"resp-up","store":false,"input":[
              {"type":"message","role":"system","content":[{"type":"input_text","text":"Be brief."}]},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"Look"},{"type":"input_image","image_url":"data:image/png;base64,AA"}]},
              {"type":"function_call","call_id":"call_1","name":"f","arguments":"{}"},
              {"type":"function_call_output","call_id":"call_1","output":"ok"},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Done."}]}],
             "tools":[{"type":"function","name":"f","description":"d","parameters":{"type":"object"}}],
             "tool_choice":{"type":"function","name":"f"},"parallel_tool_calls":false,"max_output_tokens":300,"temperature":0.2,
             "reasoning":{"effort":"high"},"text":{"format":{"type":"json_schema","name":"a","schema":{"type":"object"},"strict":true}},"stream":true}
            """, translated.Body);
    }

    [Fact]
    public void Request_ToolMessageWithoutId_Untranslatable() =>
        Assert.Contains("`messages[0].tool_call_id` is required",
            Assert.IsType<RequestTranslation.Untranslatable>(ChatToResponsesRequest.ToResponses(Utf8("""{"messages":[{"role":"tool","content":"x"}]}"""), "r")).Reason,
            StringComparison.Ordinal);

    [Fact]
    public void Body_MessageCallReasoningAndIncomplete_ChatCompletion()
    {
        var translated = Assert.IsType<BodyTranslation.Translated>(new ResponsesToChatBody("client-model").Translate(Utf8("""
            {"id":"resp_1","object":"response","created_at":7,"status":"incomplete","output":[
              {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Think."}]},
              {"type":"message","id":"msg_1","role":"assistant","content":[{"type":"output_text","text":"Hal"},{"type":"output_text","text":"f"}]},
              {"type":"function_call","id":"fc_1","call_id":"call_9","name":"f","arguments":"{\"a\":1}"}],
             "usage":{"input_tokens":10,"output_tokens":4,"total_tokens":14}}
            """)));

        JsonEqual("""
            {"id":"chatcmpl-resp_1","object":"chat.completion","created":7,"model":"client-model","choices":[{"index":0,
              "message":{"role":"assistant","content":"Half","reasoning_content":"Think.",
                "tool_calls":[{"id":"call_9","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},
              "finish_reason":"length"}],
             "usage":{"prompt_tokens":10,"completion_tokens":4,"total_tokens":14}}
            """, translated.Body);
        Assert.Equal(new TokenUsage(10, 4), translated.Usage);
    }

    [Fact]
    public void Stream_TextCallAndCompleted_ChunksUsageAndDone()
    {
        var translator = new ResponsesToChatStream("client-model", 7, includeUsage: true);
        var chunks = new List<string>();
        foreach (var data in (string[])[
            """{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","status":"in_progress","output":[]}}""",
            """{"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi"}""",
            """{"type":"response.output_item.added","sequence_number":2,"output_index":1,"item":{"type":"function_call","id":"fc_1","call_id":"call_1","name":"f","arguments":""}}""",
            """{"type":"response.function_call_arguments.delta","sequence_number":3,"item_id":"fc_1","output_index":1,"delta":"{}"}""",
            """{"type":"response.completed","sequence_number":4,"response":{"id":"resp_1","status":"completed","output":[],"usage":{"input_tokens":3,"output_tokens":2,"total_tokens":5}}}"""])
        {
            Assert.True(translator.TryTranslate(new SseEvent(Utf8($"data: {data}\n\n"), Utf8(data)), out var events, out _));
            chunks.AddRange(events.Select(Encoding.UTF8.GetString));
        }

        Assert.Equal("data: [DONE]\n\n", chunks[^1]);
        var deltas = chunks.SkipLast(1).Select(c => JsonDocument.Parse(c["data: ".Length..]).RootElement).ToList();
        Assert.Equal("assistant", deltas[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("Hi", deltas[1].GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString());
        Assert.Equal("call_1", deltas[2].GetProperty("choices")[0].GetProperty("delta").GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal("{}", deltas[3].GetProperty("choices")[0].GetProperty("delta").GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("tool_calls", deltas[4].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(5, deltas[5].GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal(new TokenUsage(3, 2), translator.Usage);
    }

    [Fact]
    public void Stream_EndsWithoutCompleted_ErrorEvent()
    {
        var translator = new ResponsesToChatStream("m", 7, includeUsage: false);
        Assert.True(translator.TryTranslate(new SseEvent(Utf8("data: {\"type\":\"response.created\"}\n\n"), Utf8("""{"type":"response.created"}""")), out _, out _));

        var end = Encoding.UTF8.GetString(Assert.Single(translator.OnEnd()));

        Assert.Contains("stream_interrupted", end, StringComparison.Ordinal);
    }
}
