using RoutingCluster.Testing;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RoutingCluster.Stats;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Stats;

/// <summary><c>GET /admin/stats</c> on a real gateway after real requests (see <see cref="StatsGateway"/>).</summary>
public sealed class StatsEndpointTests(StatsGateway fixture) : IClassFixture<StatsGateway>
{
    [Fact]
    public async Task Get_AfterRequests_CountsAndCostsMatchUsageAndYamlPrices()
    {
        using var request = fixture.StatsRequest();
        using var response = await fixture.Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<StatsReport>(JsonSerializerOptions.Web);
        Assert.NotNull(report);

        // Each served call: 1000 in, 500 out. cheap costs (1000*1 + 500*2)/1M = 0.002; big (1000*10 + 500*30)/1M = 0.025,
        // which is also every call's baseline.
        Assert.Equal(new StatsBaseline("default", "big", 10m, 30m), report.Baseline);
        Assert.Equal(5, report.Calls);
        var total = report.Total;
        Assert.Equal((5L, 4000L, 2000L, 0.031m, 1L, 1L, 0.100m, 0.069m),
            (total.Calls, total.InputTokens, total.OutputTokens, total.CostUsd, total.Fallbacks, total.Errors, total.BaselineCostUsd, total.SavingsUsd));

        var background = Assert.Single(report.ByRole, r => r.Key == "background");
        Assert.Equal((3L, 3000L, 1500L, 0.006m, 1L, 0L, 0.075m, 0.069m),
            (background.Calls, background.InputTokens, background.OutputTokens, background.CostUsd, background.Fallbacks, background.Errors,
                background.BaselineCostUsd, background.SavingsUsd));
        var defaultRole = Assert.Single(report.ByRole, r => r.Key == "default");
        Assert.Equal((1L, 0.025m, 0.025m, 0m), (defaultRole.Calls, defaultRole.CostUsd, defaultRole.BaselineCostUsd, defaultRole.SavingsUsd));
        Assert.Equal(2, report.ByRole.Count);

        Assert.Equal([("cheap", 3L, 0.006m), ("big", 1L, 0.025m)], report.ByModel.Select(r => (r.Key, r.Calls, r.CostUsd)));
        // key-a served both background calls and the default one; key-b the fallback.
        Assert.Equal([("key-a", 3L, 0.029m, 0L), ("key-b", 1L, 0.002m, 1L)], report.ByCredential.Select(r => (r.Key, r.Calls, r.CostUsd, r.Fallbacks)));
        Assert.Equal([(TenantYaml.TeamId, 4L, 0L), (StatsCalculator.NoTenant, 1L, 1L)], report.ByTenant.Select(r => (r.Key, r.Calls, r.Errors)));
    }

    [Fact]
    public async Task Get_SinceAfterEveryRequest_NoCalls()
    {
        var since = fixture.Gateway.Time.GetUtcNow().AddSeconds(1).ToString("O", CultureInfo.InvariantCulture);
        using var request = fixture.StatsRequest("?since=" + Uri.EscapeDataString(since));
        using var response = await fixture.Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<StatsReport>(JsonSerializerOptions.Web);
        Assert.Equal(0, report!.Calls);
        Assert.Empty(report.ByRole);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Get_MissingOrWrongGatewayKey_401InOpenAiFormat(string? key)
    {
        using var request = fixture.StatsRequest(key: key);
        using var response = await fixture.Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_api_key", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-1h")]
    public async Task Get_BadSince_400NamingTheValue(string since)
    {
        using var request = fixture.StatsRequest("?since=" + Uri.EscapeDataString(since));
        using var response = await fixture.Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("invalid_since", error.GetProperty("code").GetString());
        Assert.Contains($"`{since}`", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
