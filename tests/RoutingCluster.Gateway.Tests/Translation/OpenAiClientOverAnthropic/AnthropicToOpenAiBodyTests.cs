using System.Text.Json.Nodes;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;
using Xunit;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Tests.Translation.OpenAiClientOverAnthropic;

public sealed class AnthropicToOpenAiBodyTests
{
    private static BodyTranslation Attempt(string anthropic) => new AnthropicToOpenAiBody("code", 1_760_000_000).Translate(GoldenJson.Utf8(anthropic));

    private static (byte[] Body, TokenUsage? Usage) Translate(string anthropic)
    {
        var translated = Assert.IsType<BodyTranslation.Translated>(Attempt(anthropic));
        return (translated.Body, translated.Usage);
    }

    [Fact]
    public void Translate_TextThinkingAndToolUsesWithCacheUsage_GoldenOutput()
    {
        var (body, usage) = Translate("""
            {
              "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
              "type": "message",
              "role": "assistant",
              "model": "claude-sonnet-4-5-20250929",
              "content": [
                {"type": "thinking", "thinking": "The user wants both files.", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},
                {"type": "text", "text": "I'll read both files."},
                {"type": "text", "text": " Starting now."},
                {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "read_file", "input": {"path": "src/parse.py"}},
                {"type": "tool_use", "id": "toolu_01B", "name": "run", "input": { "cmd" : "pytest -q", "env": {"CI": "1"}, "timeout": 60 }}
              ],
              "stop_reason": "tool_use",
              "stop_sequence": null,
              "usage": {"input_tokens": 120, "cache_creation_input_tokens": 2000, "cache_read_input_tokens": 15000, "output_tokens": 95,
                        "cache_creation": {"ephemeral_5m_input_tokens": 2000, "ephemeral_1h_input_tokens": 0}, "service_tier": "standard"}
            }
            """);

        GoldenJson.Equal("""
            {
              "id": "chatcmpl-msg_01XFDUDYJgAACzvnptvVoYEL",
              "object": "chat.completion",
              "created": 1760000000,
              "model": "code",
              "choices": [{
                "index": 0,
                "message": {
                  "role": "assistant",
                  "content": "I'll read both files. Starting now.",
                  "reasoning_content": "The user wants both files.",
                  "tool_calls": [
                    {"id": "toolu_01A09q90qw90lq917835lq9", "type": "function", "function": {"name": "read_file", "arguments": "{\"path\":\"src/parse.py\"}"}},
                    {"id": "toolu_01B", "type": "function", "function": {"name": "run", "arguments": "{\"cmd\":\"pytest -q\",\"env\":{\"CI\":\"1\"},\"timeout\":60}"}}
                  ],
                  "refusal": null
                },
                "logprobs": null,
                "finish_reason": "tool_calls"
              }],
              "usage": {"prompt_tokens": 17120, "completion_tokens": 95, "total_tokens": 17215, "prompt_tokens_details": {"cached_tokens": 15000}}
            }
            """, body);
        Assert.Equal(new TokenUsage(17120, 95, CacheRead: 15000, CacheWrite: 2000), usage);
    }

    [Fact]
    public void Translate_OnlyToolUse_ContentNull()
    {
        var (body, _) = Translate("""
            {"id":"msg_1","type":"message","role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"ls","input":{}}],
             "stop_reason":"tool_use","usage":{"input_tokens":10,"output_tokens":5}}
            """);

        var message = JsonNode.Parse(body)!["choices"]![0]!["message"]!;
        Assert.Null(message["content"]);
        Assert.True(message.AsObject().ContainsKey("content"));
        Assert.Equal("{}", message["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>());
    }

    [Fact]
    public void Translate_PlainText_NoToolCallsNoReasoning()
    {
        var (body, usage) = Translate("""
            {"id":"msg_2","type":"message","role":"assistant","content":[{"type":"text","text":"Hello, café!"}],
             "stop_reason":"end_turn","usage":{"input_tokens":8,"output_tokens":4,"cache_read_input_tokens":0,"cache_creation_input_tokens":0}}
            """);

        GoldenJson.Equal("""
            {"id":"chatcmpl-msg_2","object":"chat.completion","created":1760000000,"model":"code",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello, café!","refusal":null},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":8,"completion_tokens":4,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":0}}}
            """, body);
        Assert.Equal(new TokenUsage(8, 4), usage);
    }

    [Theory]
    [InlineData("end_turn", "stop")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("max_tokens", "length")]
    [InlineData("tool_use", "tool_calls")]
    [InlineData("refusal", "content_filter")]
    [InlineData("pause_turn", "stop")]
    [InlineData("model_context_window_exceeded", "length")]
    public void Translate_StopReason_MappedToFinishReason(string stopReason, string finishReason)
    {
        var (body, _) = Translate($$$"""{"id":"m","content":[{"type":"text","text":"x"}],"stop_reason":"{{{stopReason}}}","usage":{"input_tokens":1,"output_tokens":1}}""");

        Assert.Equal(finishReason, JsonNode.Parse(body)!["choices"]![0]!["finish_reason"]!.GetValue<string>());
    }

    [Fact]
    public void Translate_NoUsage_ZeroUsageAndNullReturned()
    {
        var (body, usage) = Translate("""{"id":"m","content":[],"stop_reason":"end_turn"}""");

        Assert.Null(usage);
        Assert.Equal(0, JsonNode.Parse(body)!["usage"]!["total_tokens"]!.GetValue<int>());
        Assert.Equal("", JsonNode.Parse(body)!["choices"]![0]!["message"]!["content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("<html>bad gateway</html>")]
    [InlineData("[]")]
    public void Translate_NotAJsonObject_Unreadable(string body)
    {
        Assert.IsType<BodyTranslation.Unreadable>(Attempt(body));
    }
}
