using RoutingCluster.Gateway.Configuration;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Configuration;

/// <summary>The <c>check</c> verb prints the routing table of a valid config and every error of a bad one.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("routing-cluster-check-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Run_NoConfig_ValidatesBuiltInDemoAndPrintsEveryRole()
    {
        var (code, output, errors) = Run();

        Assert.Equal(0, code);
        Assert.Equal("", errors);
        foreach (var role in new[] { "default", "smol", "slow", "plan", "commit", "longContext", "think", "background" })
        {
            Assert.Contains(role, output, StringComparison.Ordinal);
        }

        Assert.Contains("smart-subscription-1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ConfigWithErrors_ExitsNonZeroListingEach()
    {
        var path = Path.Combine(_directory, "bad.yaml");
        File.WriteAllText(path, """
            providers:
              - { id: p, protocol: simulated }
            models:
              - { id: m, provider: p, upstreamModel: x, contextWindow: 1000 }
            roles:
              default:
                chain:
                  - { model: missing }
                  - { models: [m], strategy: nope }
            """);

        var (code, _, errors) = Run("--config", path);

        Assert.Equal(1, code);
        Assert.Contains("2 error(s)", errors, StringComparison.Ordinal);
        Assert.Contains("missing", errors, StringComparison.Ordinal);
        Assert.Contains("nope", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownArgument_ExitsWithUsage()
    {
        var (code, _, errors) = Run("--bogus");

        Assert.Equal(2, code);
        Assert.Contains("Usage: check [--config PATH]", errors, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Errors) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = CheckCommand.Run(args, output, errors);
        return (code, output.ToString(), errors.ToString());
    }
}
