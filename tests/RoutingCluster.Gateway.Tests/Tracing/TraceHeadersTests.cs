using RoutingCluster.Gateway.Hosting;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Tracing;

/// <summary>No trace context goes upstream unless traces are exported, whatever the log level starts.</summary>
public sealed class TraceHeadersTests : IAsyncLifetime
{
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await GatewayHarness.StartMockAsync(["key-a"]);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Post_RequestLoggingOnAndTracesNotExported_NoTraceparentUpstream()
    {
        // ASP.NET Core's hosting diagnostics at Information start an activity for every request.
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml(), $"--{GatewayApp.HostingDiagnosticsLevelKey}=Information");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(ChatRequests.Body(model: "default"), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        using var response = await gateway.Http.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var sent = Assert.Single(_harness.Mock.Requests);
        Assert.False(sent.Headers.ContainsKey("traceparent"), $"traceparent sent upstream: {sent.Headers.GetValueOrDefault("traceparent")}");
        Assert.False(sent.Headers.ContainsKey("tracestate"));
    }
}
