using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Translation.ResponsesClientOverChat;
using Xunit;
using static RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi.TranslationAssert;

namespace RoutingCluster.Gateway.Tests.Translation.ResponsesClientOverChat;

public sealed class ResponsesRequestTranslatorTests
{
    private static byte[] Translate(string responses) =>
        Assert.IsType<RequestTranslation.Translated>(ResponsesRequestTranslator.ToChat(Utf8(responses), "gpt-up")).Body;

    private static string Refusal(string responses) =>
        Assert.IsType<RequestTranslation.Untranslatable>(ResponsesRequestTranslator.ToChat(Utf8(responses), "gpt-up")).Reason;

    [Fact]
    public void ToChat_CodexStyleTurn_MessagesToolsAndOptions()
    {
        var actual = Translate("""
            {"model":"gpt-5-codex","instructions":"You are a coding agent.","stream":true,"store":false,"include":["reasoning.encrypted_content"],
             "prompt_cache_key":"k1","parallel_tool_calls":false,"reasoning":{"effort":"medium","summary":"auto"},"max_output_tokens":2048,
             "tool_choice":"auto","tools":[{"type":"function","name":"shell","description":"Run a command.","strict":false,
               "parameters":{"type":"object","properties":{"command":{"type":"array","items":{"type":"string"}}}}}],
             "input":[
               {"type":"message","role":"developer","content":[{"type":"input_text","text":"Sandbox: read-only."}]},
               {"type":"message","role":"user","content":[{"type":"input_text","text":"List the files."}]},
               {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAA"},
               {"type":"function_call","call_id":"call_1","name":"shell","arguments":"{\"command\":[\"ls\"]}"},
               {"type":"function_call_output","call_id":"call_1","output":"README.md\nsrc"},
               {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Two entries."}]}]}
            """);

        JsonEqual("""
            {"model":"gpt-up","messages":[
              {"role":"system","content":"You are a coding agent."},
              {"role":"system","content":"Sandbox: read-only."},
              {"role":"user","content":[{"type":"text","text":"List the files."}]},
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"shell","arguments":"{\"command\":[\"ls\"]}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"README.md\nsrc"},
              {"role":"assistant","content":"Two entries."}],
             "tools":[{"type":"function","function":{"name":"shell","description":"Run a command.","strict":false,
               "parameters":{"type":"object","properties":{"command":{"type":"array","items":{"type":"string"}}}}}}],
             "tool_choice":"auto","parallel_tool_calls":false,"max_tokens":2048,"reasoning_effort":"medium",
             "stream":true,"stream_options":{"include_usage":true}}
            """, actual);
    }

    [Fact]
    public void ToChat_HostedAndNamespaceTools_LeftOut() =>
        JsonEqual("""
            {"model":"gpt-up","messages":[{"role":"user","content":"hi"}],
             "tools":[{"type":"function","function":{"name":"exec_command","parameters":{"type":"object"}}}]}
            """, Translate("""
            {"model":"m","input":"hi","tools":[{"type":"function","name":"exec_command","parameters":{"type":"object"}},
              {"type":"web_search","external_web_access":false},{"type":"namespace","name":"multi_agent_v1","description":"d","tools":[]}]}
            """));

    [Fact]
    public void ToChat_StringInputImageAndJsonSchema_Mapped()
    {
        JsonEqual("""{"model":"gpt-up","messages":[{"role":"user","content":"hi"}]}""", Translate("""{"model":"m","input":"hi"}"""));
        JsonEqual("""
            {"model":"gpt-up","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,AA","detail":"low"}}]}],
             "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"},"strict":true}}}
            """, Translate("""
            {"model":"m","input":[{"role":"user","content":[{"type":"input_image","image_url":"data:image/png;base64,AA","detail":"low"}]}],
             "text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object"},"strict":true}}}
            """));
    }

    [Theory]
    [InlineData("""{"model":"m","input":"x","previous_response_id":"resp_1"}""", "`previous_response_id`")]
    [InlineData("""{"model":"m","input":"x","tool_choice":{"type":"web_search"}}""", "`tool_choice` names a hosted tool")]
    [InlineData("""{"model":"m","input":[{"type":"web_search_call","id":"ws_1"}]}""", "`input[0]` is a `web_search_call` item")]
    [InlineData("""{"model":"m","input":[{"role":"user","content":[{"type":"input_file","file_id":"f"}]}]}""", "`input[0].content[0]` is an `input_file` part")]
    [InlineData("""{"model":"m","input":[{"type":"function_call_output","output":"x"}]}""", "`input[0].call_id` is required")]
    public void ToChat_WhatChatCannotCarry_UntranslatableNamingIt(string responses, string part) =>
        Assert.Contains(part, Refusal(responses), StringComparison.Ordinal);
}
