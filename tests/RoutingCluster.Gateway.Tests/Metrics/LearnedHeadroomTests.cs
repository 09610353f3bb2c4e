using System.Net;
using System.Text;
using RoutingCluster.Gateway.Metrics;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Metrics;

/// <summary>
/// A credential with no declared limit whose upstream reports its quota in <c>x-ratelimit-*</c>
/// headers: <c>/metrics</c> shows that quota as headroom with <c>source="learned"</c>, and a key the
/// upstream said is exhausted is skipped (and counted) until the reported reset.
/// </summary>
public sealed class LearnedHeadroomTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await GatewayHarness.StartMockAsync(["key-a", "key-b"]);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task UpstreamReportsQuota_MetricsShowLearnedWindowAndTheExhaustedKeyIsSkipped()
    {
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml());
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.Ok().WithHeaders(
            ("x-ratelimit-limit-requests", "500"), ("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", "20s"),
            ("x-ratelimit-limit-tokens", "10000"), ("x-ratelimit-remaining-tokens", "9000"), ("x-ratelimit-reset-tokens", "6m0s")));

        Assert.Equal("key-a", await ServedByAsync(gateway));
        var samples = await ScrapeUntilAsync(gateway, s => s.Any(m => m.Name == "routing_credential_window_limit" && m.Label("source") == "learned"));
        Assert.Equal("key-b", await ServedByAsync(gateway));
        samples = await ScrapeUntilAsync(gateway, s => s.Any(m => m.Name == "routing_skips_total"));

        double Learned(string name, string unit) => samples.Single(s => s.Name == name && s.Label("credential") == "key-a"
            && s.Label("source") == "learned" && s.Label("unit") == unit && s.Label("window") == HeadroomGauges.LearnedWindow).Value;
        Assert.Equal(500, Learned("routing_credential_window_limit", "requests"));
        Assert.Equal(0, Learned("routing_credential_window_remaining", "requests"));
        Assert.Equal(10000, Learned("routing_credential_window_limit", "tokens"));
        Assert.Equal(9000, Learned("routing_credential_window_remaining", "tokens"));
        var reset = samples.Single(s => s.Name == "routing_credential_window_reset_seconds" && s.Label("credential") == "key-a" && s.Label("source") == "learned");
        Assert.InRange(reset.Value, 20, 360);
        Assert.DoesNotContain(samples, s => s.Name == "routing_credential_window_limit" && s.Label("credential") == "key-a" && s.Label("source") == "declared");
        Assert.DoesNotContain(samples, s => s.Name == "routing_credential_window_limit" && s.Label("credential") == "key-b");

        var skip = Assert.Single(samples, s => s.Name == "routing_skips_total");
        Assert.Equal(("key-a", "CoolingDown", "default"), (skip.Label("credential"), skip.Label("reason"), skip.Label("role")));
        Assert.Equal(1, skip.Value);
        Assert.Equal(1, _harness.Mock.CountFor(_harness.Upstream.KeyOf("key-a")));
    }

    private static async Task<string> ServedByAsync(TestGateway gateway)
    {
        using var response = await gateway.Http.PostAsync("/v1/chat/completions", new StringContent(
            """{"model":"default","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("x-routing-credential").Single();
    }

    /// <summary>Scrapes until <paramref name="ready"/> holds (the settle and the ledger run after the answer), within <see cref="Bound"/>.</summary>
    private static async Task<IReadOnlyList<MetricSample>> ScrapeUntilAsync(TestGateway gateway, Func<IReadOnlyList<MetricSample>, bool> ready)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var samples = MetricsScenario.Parse(await gateway.Http.GetStringAsync("/metrics"));
            if (ready(samples))
            {
                return samples;
            }

            Assert.True(TimeProvider.System.GetElapsedTime(started) < Bound, "the scrape never showed the expected series");
            await Task.Yield();
        }
    }
}
