using System.Text.Json.Nodes;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;
using Xunit;
using static RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi.TranslationAssert;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi;

public sealed class OpenAiToAnthropicBodyTests
{
    private static BodyTranslation Attempt(string openAi) => new OpenAiToAnthropicBody("claude-sonnet-4-5-20250929").Translate(Utf8(openAi));

    private static (byte[] Body, TokenUsage? Usage) Translate(string openAi)
    {
        var translated = Assert.IsType<BodyTranslation.Translated>(Attempt(openAi));
        return (translated.Body, translated.Usage);
    }

    [Fact]
    public void Translate_CompletionWithTextToolCallsAndCachedTokens_MatchesGolden()
    {
        var (body, usage) = Translate("""
            {
              "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
              "object": "chat.completion",
              "created": 1741570283,
              "model": "gpt-4.1-2025-04-14",
              "choices": [{
                "index": 0,
                "message": {
                  "role": "assistant",
                  "content": "I'll read the test and search for the helper.",
                  "refusal": null,
                  "tool_calls": [
                    {"id": "call_DdmO9pD3xa9XTPNJ32zg2hcA", "type": "function", "function": {"name": "Read", "arguments": "{\"file_path\":\"/repo/tests/ParserTests.cs\"}"}},
                    {"id": "call_ABqT6fQz7Rk1", "type": "function", "function": {"name": "Grep", "arguments": "{\"pattern\": \"ParseHeader\", \"path\": \"/repo/src\"}"}}
                  ],
                  "annotations": []
                },
                "logprobs": null,
                "finish_reason": "tool_calls"
              }],
              "usage": {
                "prompt_tokens": 2150, "completion_tokens": 87, "total_tokens": 2237,
                "prompt_tokens_details": {"cached_tokens": 1920, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
              },
              "service_tier": "default",
              "system_fingerprint": "fp_eb9dce56a8"
            }
            """);

        JsonEqual("""
            {
              "id": "msg_chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
              "type": "message",
              "role": "assistant",
              "model": "claude-sonnet-4-5-20250929",
              "content": [
                {"type": "text", "text": "I'll read the test and search for the helper."},
                {"type": "tool_use", "id": "call_DdmO9pD3xa9XTPNJ32zg2hcA", "name": "Read", "input": {"file_path": "/repo/tests/ParserTests.cs"}},
                {"type": "tool_use", "id": "call_ABqT6fQz7Rk1", "name": "Grep", "input": {"pattern": "ParseHeader", "path": "/repo/src"}}
              ],
              "stop_reason": "tool_use",
              "stop_sequence": null,
              "usage": {"input_tokens": 230, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 1920, "output_tokens": 87}
            }
            """, body);
        Assert.Equal(new TokenUsage(2150, 87, CacheRead: 1920), usage);
    }

    [Fact]
    public void Translate_ArgumentsNotJson_WrapsThemAsRaw()
    {
        var (body, _) = Translate("""
            {"id": "c1", "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null,
              "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "Bash", "arguments": "{\"command\": \"ls"}},
                             {"id": "call_2", "type": "function", "function": {"name": "Now", "arguments": ""}}]}}],
             "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}
            """);

        JsonEqual("""
            {"id": "msg_c1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
             "content": [{"type": "tool_use", "id": "call_1", "name": "Bash", "input": {"_raw": "{\"command\": \"ls"}},
                         {"type": "tool_use", "id": "call_2", "name": "Now", "input": {}}],
             "stop_reason": "tool_use", "stop_sequence": null,
             "usage": {"input_tokens": 10, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0, "output_tokens": 5}}
            """, body);
    }

    [Theory]
    [InlineData("\"stop\"", false, "end_turn")]
    [InlineData("\"length\"", false, "max_tokens")]
    [InlineData("\"tool_calls\"", true, "tool_use")]
    [InlineData("\"function_call\"", true, "tool_use")]
    [InlineData("\"content_filter\"", false, "refusal")]
    [InlineData("\"stop\"", true, "tool_use")]
    [InlineData("null", false, "end_turn")]
    public void Translate_FinishReason_MapsToStopReason(string finishReason, bool withToolCall, string stopReason)
    {
        var toolCalls = withToolCall ? """, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]""" : "";
        var (body, _) = Translate($$"""
            {"id": "c1", "choices": [{"index": 0, "finish_reason": {{finishReason}}, "message": {"role": "assistant", "content": "x"{{toolCalls}} } }]}
            """);

        var node = JsonNode.Parse(body)!;
        Assert.Equal(stopReason, node["stop_reason"]!.GetValue<string>());
    }

    [Fact]
    public void Translate_NoUsageAndRefusal_ReportsZeroUsageAndRefusalText()
    {
        var (body, usage) = Translate("""
            {"id": "c2", "choices": [{"index": 0, "finish_reason": "content_filter", "message": {"role": "assistant", "content": null, "refusal": "I can't help with that."}}]}
            """);

        JsonEqual("""
            {"id": "msg_c2", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
             "content": [{"type": "text", "text": "I can't help with that."}],
             "stop_reason": "refusal", "stop_sequence": null,
             "usage": {"input_tokens": 0, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0, "output_tokens": 0}}
            """, body);
        Assert.Null(usage);
    }

    [Theory]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("[]")]
    public void Translate_BodyNotAnObject_Unreadable(string upstream) =>
        Assert.IsType<BodyTranslation.Unreadable>(Attempt(upstream));
}
