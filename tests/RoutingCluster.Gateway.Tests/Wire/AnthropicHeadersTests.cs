using RoutingCluster.Gateway.Wire;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Wire;

public sealed class AnthropicHeadersTests
{
    [Theory]
    [InlineData(AnthropicHeaders.Version, "2023-06-01")]
    [InlineData(AnthropicHeaders.Beta, "prompt-caching-2024-07-31")]
    [InlineData(AnthropicHeaders.Beta, "interleaved-thinking-2025-05-14, fine-grained-tool-streaming-2025-05-14,context-1m-2025-08-07")]
    public void Problem_GrammaticalValue_None(string name, string value) => Assert.Null(AnthropicHeaders.Problem(name, value));

    [Theory]
    [InlineData(AnthropicHeaders.Version, "2023-06-01x")]
    [InlineData(AnthropicHeaders.Version, "2023-O6-01")]
    [InlineData(AnthropicHeaders.Version, "2023-06-01,2023-06-01")]
    [InlineData(AnthropicHeaders.Version, "2023-06-０1")]
    [InlineData(AnthropicHeaders.Beta, "café-2024")]
    [InlineData(AnthropicHeaders.Beta, "a,,b")]
    [InlineData(AnthropicHeaders.Beta, "a;b")]
    [InlineData(AnthropicHeaders.Beta, "flag\u0000")]
    [InlineData("x-other", "1")]
    public void Problem_OffGrammarValue_Named(string name, string value) =>
        Assert.Contains($"`{name}`", AnthropicHeaders.Problem(name, value), StringComparison.Ordinal);

    [Fact]
    public void Problem_TooLongOrTooManyBetaFlags_Refused()
    {
        Assert.NotNull(AnthropicHeaders.Problem(AnthropicHeaders.Beta, new string('a', 65)));
        Assert.NotNull(AnthropicHeaders.Problem(AnthropicHeaders.Beta, string.Join(',', Enumerable.Repeat("flag", 33))));
        Assert.NotNull(AnthropicHeaders.Problem(AnthropicHeaders.Beta, string.Join(',', Enumerable.Repeat(new string('b', 60), 20))));
        Assert.Null(AnthropicHeaders.Problem(AnthropicHeaders.Beta, string.Join(',', Enumerable.Repeat("flag", 32))));
    }
}
