using System.Net;
using System.Net.Sockets;
using RoutingCluster.Gateway.Credentials;
using RoutingCluster.Gateway.Tests.Ledger;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Credentials;

/// <summary>The <c>reset-credential</c> verb against a real gateway on loopback, and against nothing.</summary>
public sealed class ResetCredentialCommandTests : IAsyncLifetime
{
    private GatewayHarness _harness = null!;
    private TestSecret _gatewayKey = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(["key-a"]);
        _gatewayKey = _harness.SetSecret($"gw-{Guid.NewGuid():N}");
        await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml(extra: TenantYaml.Team(_gatewayKey.Reference)));
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task RunAsync_CooledDownCredential_Exit0SaysWhatWasClearedAndItServesAgain()
    {
        var keyA = _harness.Upstream.KeyOf("key-a");
        _harness.Mock.Enqueue(keyA, MockReply.Status(429, null, ("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT")));
        await LedgerApi.ChatAsync(_harness.Gateway, _gatewayKey.Value, expected: HttpStatusCode.TooManyRequests);
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await ResetCredentialCommand.RunAsync(["key-a", "--url", _harness.Gateway.BaseUrl, "--key", _gatewayKey.Reference], output, errors);

        Assert.True(exit == 0, errors.ToString());
        var text = output.ToString();
        Assert.StartsWith("Credential `key-a` (provider `up`) reset.", text, StringComparison.Ordinal);
        Assert.Contains("cleared cooldown until", text, StringComparison.Ordinal);
        Assert.Contains("(upstream answered 429)", text, StringComparison.Ordinal);
        Assert.Contains("Usable now.", text, StringComparison.Ordinal);
        Assert.DoesNotContain(_gatewayKey.Value, text, StringComparison.Ordinal);
        Assert.Empty(errors.ToString());
        await LedgerApi.ChatAsync(_harness.Gateway, _gatewayKey.Value);
        Assert.Equal(2, _harness.Mock.CountFor(keyA));
    }

    [Fact]
    public async Task RunAsync_UnknownId_Exit1WithTheGatewaysMessage()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await ResetCredentialCommand.RunAsync(["--url=" + _harness.Gateway.BaseUrl, "--key=" + _gatewayKey.Value, "nope"], output, errors);

        Assert.Equal(1, exit);
        Assert.Contains("answered 404", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("credential ids: key-a", errors.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task RunAsync_NoKey_Exit1WithHint()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await ResetCredentialCommand.RunAsync(["key-a", "--url", _harness.Gateway.BaseUrl], output, errors);

        Assert.Equal(1, exit);
        Assert.Contains("answered 401", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("--key", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NothingListening_Exit1SayingSo()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await ResetCredentialCommand.RunAsync(["key-a", "--url", url], output, errors);

        Assert.Equal(1, exit);
        Assert.StartsWith($"Cannot reach a gateway at {url}", errors.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("key-a key-b")]
    [InlineData("key-a --since 1h")]
    [InlineData("key-a --url")]
    public async Task RunAsync_BadArguments_Exit2WithUsage(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await ResetCredentialCommand.RunAsync(args, output, errors);

        Assert.Equal(2, exit);
        Assert.Contains("Usage: reset-credential ID", errors.ToString(), StringComparison.Ordinal);
    }

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
