using System.Text;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using RoutingCluster.Testing.Otlp;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Tracing;

/// <summary>
/// Traces (and metrics) exported over OTLP/HTTP to a receiver on loopback, as an operator sets it
/// up with the standard <c>OTEL_*</c> settings: the request's span and one child per attempt
/// arrive with the route's attributes, and no attribute carries a provider key or the gateway key.
/// </summary>
public sealed class OtlpExportTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private GatewayHarness _harness = null!;
    private OtlpReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await OtlpReceiver.StartAsync();
        _harness = await GatewayHarness.StartMockAsync(["key-a", "key-b"], TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Post_WithFallback_RequestAndAttemptSpansArriveWithRouteAttributesAndNoSecret()
    {
        var gatewayKey = _harness.SetSecret("rc-otlp-gateway-key-" + Guid.NewGuid().ToString("N"));
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml(extra: TenantYaml.Team(gatewayKey.Reference)),
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={_receiver.Endpoint}", "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_BSP_SCHEDULE_DELAY=100", "--OTEL_METRIC_EXPORT_INTERVAL=200");
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.ServerError(503));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"default","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", gatewayKey.Value);
        using var response = await gateway.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var requestId = response.Headers.GetValues("x-routing-request-id").Single();

        var root = await AwaitAsync(() => _receiver.Spans.SingleOrDefault(s => s.Attributes.GetValueOrDefault("routing.request_id") == requestId));
        var attempts = await AwaitAsync(() =>
        {
            var children = _receiver.Spans.Where(s => s.TraceId == root.TraceId && s.ParentSpanId == root.SpanId).ToList();
            return children.Count == 2 ? children : null;
        });

        Assert.Equal("route openai", root.Name);
        Assert.Equal("default", root.Attributes["routing.role"]);
        Assert.Equal("key-b", root.Attributes["routing.credential"]);
        Assert.Equal("200", root.Attributes["http.response.status_code"]);
        Assert.Equal("routingcluster", root.Resource["service.name"]);
        Assert.Equal(["key-a", "key-b"], attempts.Select(a => a.Attributes["routing.credential"]).Order(StringComparer.Ordinal));
        Assert.Equal("ServerError", attempts.Single(a => a.Attributes["routing.credential"] == "key-a").Attributes["routing.outcome"]);
        Assert.All(attempts, a => Assert.Equal("up", a.Attributes["routing.provider"]));

        string[] secrets = [gatewayKey.Value, _harness.Upstream.KeyOf("key-a"), _harness.Upstream.KeyOf("key-b")];
        Assert.DoesNotContain(_receiver.Spans.SelectMany(s => s.Attributes.Values.Concat(s.Resource.Values)),
            value => secrets.Any(secret => value.Contains(secret, StringComparison.Ordinal)));
        await AwaitAsync(() => _receiver.MetricExports > 0 ? (object)true : null);
    }

    private static async Task<T> AwaitAsync<T>(Func<T?> probe)
        where T : class
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }

            Assert.True(TimeProvider.System.GetElapsedTime(started) < Bound, "the export did not arrive in time");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
