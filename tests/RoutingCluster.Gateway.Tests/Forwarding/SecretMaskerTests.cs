using RoutingCluster.Gateway.Forwarding;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Forwarding;

public sealed class SecretMaskerTests
{
    private const string Configured = "p4ssw0rd-plain-configured-secret";
    private readonly SecretMasker _masker = new([Configured, "short"]);

    [Theory]
    [InlineData("key p4ssw0rd-plain-configured-secret was refused", "key [redacted] was refused")]
    [InlineData("prefix p4ssw0rd-plain quoted", "prefix [redacted] quoted")]
    [InlineData("Incorrect API key provided: sk-proj-abc...wxyz.", "Incorrect API key provided: [redacted]")]
    [InlineData("Authorization: Bearer abc.def.ghi failed", "Authorization: Bearer [redacted] failed")]
    [InlineData("token 0123456789abcdefABCDEF0123 rejected", "token [redacted] rejected")]
    [InlineData("https://api.example.com/v1?key=AIzaSyD3x4mpl3K3y", "https://api.example.com/v1?key=[redacted]")]
    public void Apply_SecretOrKeyShaped_Masked(string text, string expected) => Assert.Equal(expected, _masker.Apply(text));

    [Theory]
    [InlineData("model `claude-3-5-sonnet-20241022` not found")]
    [InlineData("max_tokens: 100000 > 64000, which is the maximum allowed")]
    [InlineData("request 123e4567-e89b-12d3-a456-426614174000 failed")]
    [InlineData("a short secret word is not masked by itself")]
    public void Apply_OrdinaryText_Unchanged(string text) => Assert.Equal(text, _masker.Apply(text));
}
