using System.Net;
using System.Net.Sockets;
using RoutingCluster.Gateway.Stats;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Stats;

/// <summary>The <c>stats</c> verb against a running gateway (see <see cref="StatsGateway"/>) and against nothing.</summary>
public sealed class StatsCommandTests(StatsGateway fixture) : IClassFixture<StatsGateway>
{
    [Fact]
    public async Task RunAsync_RunningGateway_PrintsAlignedTablesWithBaselineAndSavings()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await StatsCommand.RunAsync(
            ["--url", fixture.Gateway.BaseUrl, "--since", "1h", "--key", fixture.GatewaySecret.Reference], output, errors);

        Assert.True(exit == 0, errors.ToString());
        var text = output.ToString();
        var lines = text.Split('\n');
        Assert.Contains("5 call(s)", lines[0], StringComparison.Ordinal);
        Assert.Contains("Baseline: role `default` first model `big` at $10 in / $30 out per 1M tokens", text, StringComparison.Ordinal);
        foreach (var title in new[] { "By role", "By model", "By credential", "By tenant", "Total", "Refusals by tenant and reason" })
        {
            Assert.Contains(title, lines);
        }

        // background: 3 calls, 3000/1500 tokens, $0.006, 1 of 3 fell back, baseline $0.075, saved $0.069.
        Assert.Matches(@"^background +3 +3000 +1500 +0\.006000 +0 +0 +33\.3% +0\.0% +0\.075000 +0\.069000$", Line(lines, "background"));
        Assert.Matches(@"^total +5 +4000 +2000 +0\.031000 +0 +0 +20\.0% +20\.0% +0\.100000 +0\.069000$", Line(lines, "total"));

        // Aligned: in every table the header and its rows have the same width.
        var roleHeader = lines[Array.IndexOf(lines, "By role") + 1];
        Assert.StartsWith("ROLE", roleHeader, StringComparison.Ordinal);
        Assert.Equal(roleHeader.Length, Line(lines, "background").Length);
        Assert.Equal(roleHeader.Length, Line(lines, "default").Length);
        Assert.Empty(errors.ToString());
    }

    [Fact]
    public async Task RunAsync_NoKey_Exit1WithTheGatewaysErrorAndHint()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await StatsCommand.RunAsync(["--url", fixture.Gateway.BaseUrl], output, errors);

        Assert.Equal(1, exit);
        Assert.Contains("answered 401", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("--key", errors.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task RunAsync_BadSince_Exit1WithTheGatewaysMessage()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await StatsCommand.RunAsync(["--url=" + fixture.Gateway.BaseUrl, "--since=soon", "--key=" + StatsGateway.GatewayKey], output, errors);

        Assert.Equal(1, exit);
        Assert.Contains("answered 400", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("`soon`", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NothingListening_Exit1SayingSo()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await StatsCommand.RunAsync(["--url", url], output, errors);

        Assert.Equal(1, exit);
        Assert.StartsWith($"Cannot reach a gateway at {url}", errors.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--since")]
    public async Task RunAsync_BadArguments_Exit2WithUsage(string argument)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await StatsCommand.RunAsync([argument], output, errors);

        Assert.Equal(2, exit);
        Assert.Contains("Usage: stats", errors.ToString(), StringComparison.Ordinal);
    }

    private static string Line(string[] lines, string key) => Assert.Single(lines, l => l.StartsWith(key + " ", StringComparison.Ordinal));

    /// <summary>A loopback port that was just free: bound, then released, so nothing listens there.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
