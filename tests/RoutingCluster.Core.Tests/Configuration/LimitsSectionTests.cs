using Xunit;

namespace RoutingCluster.Configuration.Tests;

/// <summary>The top-level <c>limits:</c> section.</summary>
public sealed class LimitsSectionTests
{
    private const string Base = """
        providers: [{ id: sim, protocol: simulated }]
        models: [{ id: m, provider: sim, upstreamModel: m, contextWindow: 1000 }]
        roles: { default: { chain: [{ model: m }] } }
        """;

    private static ConfigLoadResult Load(string limits) =>
        ConfigLoader.Load(Base + "\n" + limits, "limits.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);

    [Theory]
    [InlineData("", 4 * 1024 * 1024)]
    [InlineData("limits: {}", 4 * 1024 * 1024)]
    [InlineData("limits: { sseEventMaxBytes: 512KiB }", 512 * 1024)]
    [InlineData("limits: { sseEventMaxBytes: 8MiB }", 8 * 1024 * 1024)]
    [InlineData("limits: { sseEventMaxBytes: 65536 }", 65536)]
    [InlineData("limits:\n  sseEventMaxBytes: 1KiB", 1024)]
    public void Load_SseEventMaxBytes_SizeOrDefault(string limits, int expected)
    {
        var result = Load(limits);

        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal(expected, result.Definition.Limits.SseEventMaxBytes);
    }

    [Theory]
    [InlineData("lots", "limits.yaml: limits.sseEventMaxBytes: sseEventMaxBytes `lots` is not a size; write a number of bytes or a number and a unit, e.g. 4MiB or 512KiB (units: B, KiB, MiB, GiB (or a plain number of bytes)), between 1KiB and 1GiB; the default is 4MiB")]
    [InlineData("4 MB", "limits.yaml: limits.sseEventMaxBytes: sseEventMaxBytes `4 MB` is not a size; write a number of bytes or a number and a unit, e.g. 4MiB or 512KiB (units: B, KiB, MiB, GiB (or a plain number of bytes)), between 1KiB and 1GiB; the default is 4MiB")]
    [InlineData("100", "limits.yaml: limits.sseEventMaxBytes: sseEventMaxBytes `100` must be between 1KiB and 1GiB; the default is 4MiB")]
    [InlineData("2GiB", "limits.yaml: limits.sseEventMaxBytes: sseEventMaxBytes `2GiB` must be between 1KiB and 1GiB; the default is 4MiB")]
    public void Load_BadSseEventMaxBytes_ErrorNamesPathValueAndRange(string value, string expected)
    {
        var result = Load($"limits: {{ sseEventMaxBytes: {value} }}");

        Assert.False(result.Ok);
        Assert.Equal(expected, Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_UnknownKeyInLimits_ListsTheAllowedOnes()
    {
        var result = Load("limits: { sseMaxBytes: 4MiB }");

        Assert.Contains("allowed keys: sseEventMaxBytes", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
