using System.Net;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Hosting;

/// <summary>
/// The embedded gateway as a user runs it (a real process, default logging): it starts, serves and
/// stops on SIGTERM with a handful of lines and no warning, although its silo activates grains and
/// deactivates them on the way out.
/// </summary>
public sealed class ProcessLogTests : IAsyncLifetime
{
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await GatewayHarness.StartMockAsync(["key-a", "key-b"]);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task StartServeStop_DefaultLogging_FewLinesNoWarningExitCodeZero()
    {
        var config = await _harness.WriteConfigAsync(_harness.Upstream.SimpleYaml(limits: "{ concurrency: 4, windows: [ { span: 1m, requests: 100 } ] }"));
        var gateway = _harness.Own(await GatewayProcess.StartAsync(config));
        for (var i = 0; i < 3; i++)
        {
            using var response = await gateway.Http.PostAsync("/v1/chat/completions",
                new StringContent(ChatRequests.Body(model: "default"), System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, await gateway.StopAsync(TimeSpan.FromSeconds(30)));

        var output = gateway.Output;
        Assert.DoesNotContain(output, line => line.StartsWith("warn:", StringComparison.Ordinal)
            || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal));
        Assert.InRange(output.Count, 1, 30);
    }
}
