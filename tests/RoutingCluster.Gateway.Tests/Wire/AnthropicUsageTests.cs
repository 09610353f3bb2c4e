using RoutingCluster.Gateway.Tests.Translation.OpenAiClientOverAnthropic;
using Xunit;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Tests.Wire;

public sealed class AnthropicUsageTests
{
    [Fact]
    public void TryRead_MessageWithCacheCounts_InputIncludesCache()
    {
        var usage = AnthropicUsage.TryRead(GoldenJson.Utf8("""
            {"id":"msg_1","type":"message","content":[{"type":"text","text":"the \"usage\" is fine"}],
             "usage":{"input_tokens":50,"cache_creation_input_tokens":300,"cache_read_input_tokens":7000,"output_tokens":12,"service_tier":"standard"}}
            """));

        Assert.Equal(new TokenUsage(7350, 12, CacheRead: 7000, CacheWrite: 300), usage);
    }

    [Fact]
    public void TryRead_NoUsage_Null()
    {
        Assert.Null(AnthropicUsage.TryRead(GoldenJson.Utf8("""{"id":"msg_1","content":[{"type":"text","text":"\"usage\":{}"}]}""")));
    }

    [Fact]
    public void Accumulate_StartThenDelta_OutputReplacedInputKept()
    {
        var usage = AnthropicUsage.Accumulate(null, GoldenJson.Utf8("""
            {"type":"message_start","message":{"id":"msg_1","content":[],"usage":{"input_tokens":20,"cache_creation_input_tokens":0,"cache_read_input_tokens":100,"output_tokens":1}}}
            """));
        usage = AnthropicUsage.Accumulate(usage, GoldenJson.Utf8("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\"usage\":{\"output_tokens\":9}"}}"""));
        usage = AnthropicUsage.Accumulate(usage, GoldenJson.Utf8("""{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":42}}"""));

        Assert.Equal(new TokenUsage(120, 42, CacheRead: 100), usage);
    }

    [Fact]
    public void Accumulate_DeltaWithInputCounts_InputUpdated()
    {
        var start = new TokenUsage(120, 1, CacheRead: 100);

        var usage = AnthropicUsage.Accumulate(start, GoldenJson.Utf8("""
            {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"input_tokens":25,"cache_creation_input_tokens":10,"cache_read_input_tokens":100,"output_tokens":30,"server_tool_use":{"web_search_requests":1}}}
            """));

        Assert.Equal(new TokenUsage(135, 30, CacheRead: 100, CacheWrite: 10), usage);
    }

    [Theory]
    [InlineData("""{"type":"ping"}""")]
    [InlineData("""{"type":"message_delta","usage":""")]
    [InlineData("""{"type":"message_delta","usage":null}""")]
    public void Accumulate_NoUsableUsage_Unchanged(string json)
    {
        var soFar = new TokenUsage(10, 2);

        Assert.Equal(soFar, AnthropicUsage.Accumulate(soFar, GoldenJson.Utf8(json)));
    }

    [Fact]
    public void TryRead_LongMaxValueCounts_InputSaturatesInsteadOfWrapping()
    {
        var usage = AnthropicUsage.TryRead(GoldenJson.Utf8("""
            {"id":"msg_1","type":"message","content":[],
             "usage":{"input_tokens":9223372036854775807,"cache_creation_input_tokens":9223372036854775807,"cache_read_input_tokens":9223372036854775807,"output_tokens":9223372036854775807}}
            """));

        Assert.Equal(new TokenUsage(long.MaxValue, long.MaxValue, CacheRead: long.MaxValue, CacheWrite: long.MaxValue), usage);
    }
}
