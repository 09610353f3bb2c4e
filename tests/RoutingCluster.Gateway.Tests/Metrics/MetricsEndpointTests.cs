using System.Diagnostics;
using System.Net;
using System.Text.Json;
using RoutingCluster.Gateway.Metrics;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Metrics;

/// <summary><c>GET /metrics</c> of a real gateway after a success, a fallback and a 429, checked by
/// parsing it, by the real <c>promtool</c>, and by a real Prometheus server scraping it.</summary>
public sealed class MetricsEndpointTests(MetricsScenario scenario) : IClassFixture<MetricsScenario>
{
    [Fact]
    public void Scenario_ThreeRequests_SucceededTwiceThenRateLimited()
    {
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], scenario.Statuses);
    }

    [Fact]
    public async Task Metrics_AfterSuccessFallbackAnd429_CountsRequestsAttemptsAndTokens()
    {
        var samples = MetricsScenario.Parse(await scenario.ScrapeAsync());

        var requests = samples.Where(s => s.Name == "routing_requests_total").ToList();
        Assert.Equal(3, requests.Sum(s => s.Value));
        var okKeyA = Assert.Single(requests, s => s.Label("status_class") == "2xx" && s.Label("credential") == "key-a");
        Assert.Equal(1, okKeyA.Value);
        Assert.Equal(("default", "m1", "up", "openai", "anonymous"),
            (okKeyA.Label("role"), okKeyA.Label("model"), okKeyA.Label("provider"), okKeyA.Label("front_door"), okKeyA.Label("tenant")));
        Assert.Equal(1, requests.Single(s => s.Label("status_class") == "2xx" && s.Label("credential") == "key-b").Value);
        Assert.Equal(1, requests.Where(s => s.Label("status_class") == "4xx").Sum(s => s.Value));

        var attempts = samples.Where(s => s.Name == "routing_attempts_total").ToList();
        Assert.Equal(5, attempts.Sum(s => s.Value));
        Assert.Equal(3, attempts.Where(s => s.Label("credential") == "key-a").Sum(s => s.Value));
        Assert.Equal(2, attempts.Where(s => s.Label("outcome") == "RateLimited").Sum(s => s.Value));
        Assert.Equal(2, samples.Where(s => s.Name == "routing_fallbacks_total").Sum(s => s.Value));

        Assert.Equal(24, samples.Single(s => s.Name == "routing_tokens_total" && s.Label("direction") == "input").Value);
        Assert.Equal(16, samples.Single(s => s.Name == "routing_tokens_total" && s.Label("direction") == "output").Value);
        Assert.Contains(samples, s => s.Name == "routing_cost_usd_total" && s.Label("model") == "m1");

        Assert.Equal(5, samples.Where(s => s.Name == "routing_upstream_duration_seconds_count").Sum(s => s.Value));
        Assert.Equal(5, samples.Where(s => s.Name == "routing_upstream_duration_seconds_bucket" && s.Label("le") == "+Inf").Sum(s => s.Value));
        Assert.Equal(3, samples.Where(s => s.Name == "routing_gateway_overhead_seconds_count").Sum(s => s.Value));
        Assert.Contains(samples, s => s.Name == "routing_upstream_ttft_seconds_count");

        // The platform's own instruments of this gateway: its server and its upstream client.
        Assert.Contains(samples, s => s.Name == "http_server_request_duration_seconds_count" && s.Label("http_route") == "/v1/chat/completions");
        Assert.Equal(5, samples.Where(s => s.Name == "http_client_request_duration_seconds_count").Sum(s => s.Value));
        Assert.Contains(samples, s => s.Name == "dotnet_gc_collections_total");
    }

    [Fact]
    public async Task Metrics_AfterRequests_ShowsHeadroomPerCredential()
    {
        var samples = MetricsScenario.Parse(await scenario.ScrapeAsync());

        double Gauge(string name, string credential, string? unit = null) => samples.Single(s =>
            s.Name == name && s.Label("credential") == credential && (unit is null || s.Label("unit") == unit)).Value;

        Assert.Equal(10, Gauge("routing_credential_window_limit", "key-a", "requests"));
        Assert.Equal(7, Gauge("routing_credential_window_remaining", "key-a", "requests"));
        Assert.Equal(8, Gauge("routing_credential_window_remaining", "key-b", "requests"));
        Assert.Equal("minute", samples.First(s => s.Name == "routing_credential_window_remaining").Label("window"));
        Assert.Equal("up", samples.First(s => s.Name == "routing_credential_window_remaining").Label("provider"));
        Assert.InRange(Gauge("routing_credential_window_reset_seconds", "key-a"), 1, 61);
        Assert.Equal(30, Gauge("routing_credential_cooldown_seconds", "key-a"), precision: 0);
        Assert.Equal(0, Gauge("routing_credential_inflight", "key-a"));
        Assert.Equal(0, Gauge("routing_credential_breaker_state", "key-a"));
        Assert.Equal(0, Gauge("routing_credential_disabled", "key-b"));
        Assert.Equal(0, samples.Single(s => s.Name == "routing_provider_breaker_state" && s.Label("provider") == "up").Value);
        Assert.InRange(samples.Single(s => s.Name == "routing_provider_error_rate" && s.Label("provider") == "up").Value, 0.01, 1);
        Assert.Contains(samples, s => s.Name == "routing_provider_latency_seconds" && s.Label("provider") == "up");
    }

    [Fact]
    public async Task Metrics_WithoutGatewayKey_AnswersPrometheusTextWithoutSecrets()
    {
        using var response = await scenario.Gateway.Http.GetAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE routing_requests_total counter\n", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE routing_upstream_duration_seconds histogram\n", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE routing_credential_window_remaining gauge\n", body, StringComparison.Ordinal);
        Assert.Contains("# HELP routing_credential_window_remaining ", body, StringComparison.Ordinal);
        foreach (var id in scenario.Upstream.CredentialIds)
        {
            Assert.DoesNotContain(scenario.Upstream.KeyOf(id), body, StringComparison.Ordinal);
            Assert.DoesNotContain(scenario.Upstream.ReferenceOf(id)["env:".Length..], body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PromtoolCheckMetrics_GatewayExposition_ParsesAndTheGatewayFamiliesHaveNoLintProblems()
    {
        var body = await scenario.ScrapeAsync();

        // The whole scrape must parse; lint remarks on families of Orleans and the runtime (their names
        // and units are theirs) are tolerated, none on the gateway's own.
        var whole = await ToolProcess.RunAsync(PrometheusTools.Promtool, ["check", "metrics"], body, timeout: TimeSpan.FromSeconds(30));
        var output = whole.Stdout + whole.Stderr;
        Assert.DoesNotContain("error", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(output.Split('\n'), line => line.StartsWith("routing_", StringComparison.Ordinal));

        var own = string.Join('\n', body.Split('\n').Where(line => line.Contains(" routing_", StringComparison.Ordinal) || line.StartsWith("routing_", StringComparison.Ordinal))) + "\n";
        var gateway = await ToolProcess.RunAsync(PrometheusTools.Promtool, ["check", "metrics"], own, timeout: TimeSpan.FromSeconds(30));
        Assert.True(gateway.Succeeded, "promtool check metrics on the gateway's families: " + gateway.Describe());
        Assert.Equal("", (gateway.Stdout + gateway.Stderr).Trim());
    }

    [Fact]
    public async Task Metrics_AfterRequests_ExportsOrleansOwnInstrumentsWithBoundedSeries()
    {
        var samples = MetricsScenario.Parse(await scenario.ScrapeAsync());

        var orleans = samples.Where(s => s.Name.StartsWith("orleans_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(orleans);
        Assert.All(orleans.GroupBy(s => s.Name), family => Assert.True(family.Count() <= MetricsEndpoint.MaxOrleansSeries * 20, family.Key));
        Assert.DoesNotContain(orleans, s => s.Labels.Values.Any(v => v.Contains("key-a", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PrometheusServer_ScrapingGateway_AnswersHeadroomQuery()
    {
        var target = new Uri(scenario.Gateway.BaseUrl).Authority;
        using var server = PrometheusServer.Start(target);
        using var http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var query = Uri.EscapeDataString("routing_credential_window_remaining{credential=\"key-a\",unit=\"requests\"}");

        var deadline = Stopwatch.StartNew();
        string? value = null;
        var last = "";
        while (value is null && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(500);
            try
            {
                last = await http.GetStringAsync($"/api/v1/query?query={query}");
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message; // not listening yet
                continue;
            }

            using var json = JsonDocument.Parse(last);
            var result = json.RootElement.GetProperty("data").GetProperty("result");
            if (result.GetArrayLength() > 0)
            {
                Assert.Equal("key-a", result[0].GetProperty("metric").GetProperty("credential").GetString());
                value = result[0].GetProperty("value")[1].GetString();
            }
        }

        Assert.True(value is not null, $"Prometheus did not answer the series within 30 s; last answer: {last}\nserver log:\n{server.Log}");
        Assert.Equal("7", value);
    }
}
