using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RoutingCluster.Gateway.Tests.Metrics;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Stats;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Auth;

/// <summary>
/// Who may use what: every admin route with no key, a tenant's key (its own data only) and an admin
/// key; keys that are unknown, revoked or malformed; an admin key on the model APIs; and /metrics.
/// </summary>
public sealed class AdminAccessTests : IAsyncLifetime
{
    private GatewayHarness _harness = null!;
    private TestGateway _gateway = null!;
    private TestSecret _keyA = null!;
    private TestSecret _keyB = null!;
    private TestSecret _revoked = null!;
    private TestSecret _admin = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(["key-a"]);
        _keyA = _harness.SetSecret($"rc-team-a-{Guid.NewGuid():N}");
        _keyB = _harness.SetSecret($"rc-team-b-{Guid.NewGuid():N}");
        _revoked = _harness.SetSecret($"rc-team-a-old-{Guid.NewGuid():N}");
        _admin = _harness.SetSecret($"rc-ops-{Guid.NewGuid():N}");
        _gateway = await _harness.StartGatewayAsync(Yaml());
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private string Yaml(bool metricsNeedAdminKey = false) => _harness.Upstream.SimpleYaml(extra: $$"""
        tenants:
          - id: team-a
            keys: [{ id: a-laptop, secret: "{{_keyA.Reference}}" }, { id: a-old, secret: "{{_revoked.Reference}}", revoked: true }]
          - id: team-b
            keys: [{ id: b-ci, secret: "{{_keyB.Reference}}" }]
        adminKeys: [{ id: ops, secret: "{{_admin.Reference}}" }]
        server: { metrics: { requireAdminKey: {{(metricsNeedAdminKey ? "true" : "false")}} } }
        """);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return _gateway.Http.SendAsync(request);
    }

    private async Task<string> ChatAsync(string key)
    {
        using var response = await _gateway.Http.SendAsync(ChatRequests.Post(_gateway.BaseUrl + "/v1", key, ChatRequests.Body(model: "default")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("x-routing-request-id").Single();
    }

    public static TheoryData<string, string> AdminOnlyRoutes => new()
    {
        { "GET", "/admin/cluster" },
        { "POST", "/admin/credentials/key-a/reset" },
    };

    [Theory]
    [MemberData(nameof(AdminOnlyRoutes))]
    public async Task AdminOnlyRoute_NoKey401_TenantKey403_AdminKey200(string method, string path)
    {
        using var none = await SendAsync(new HttpMethod(method), path, null);
        using var tenant = await SendAsync(new HttpMethod(method), path, _keyA.Value);
        using var admin = await SendAsync(new HttpMethod(method), path, _admin.Value);

        Assert.Equal(
            (HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK),
            (none.StatusCode, tenant.StatusCode, admin.StatusCode));
        Assert.Contains("gateway key", ErrorBodies.AssertOpenAi(await none.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var forbidden = await tenant.Content.ReadAsStringAsync();
        Assert.Contains("admin key", ErrorBodies.AssertOpenAi(forbidden), StringComparison.Ordinal);
        Assert.Contains("\"code\":\"admin_key_required\"", forbidden, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_TenantKeySeesOnlyItsOwn_AdminKeySeesAll_NoKey401()
    {
        var fromA = await ChatAsync(_keyA.Value);
        var fromB = await ChatAsync(_keyB.Value);

        using var none = await SendAsync(HttpMethod.Get, "/admin/requests", null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal([fromA], await RequestIdsAsync(_keyA.Value));
        Assert.Equal([fromB], await RequestIdsAsync(_keyB.Value));
        Assert.Equal([fromB, fromA], await RequestIdsAsync(_admin.Value));

        using var own = await SendAsync(HttpMethod.Get, $"/admin/requests/{fromA}", _keyA.Value);
        using var others = await SendAsync(HttpMethod.Get, $"/admin/requests/{fromB}", _keyA.Value);
        using var byAdmin = await SendAsync(HttpMethod.Get, $"/admin/requests/{fromB}", _admin.Value);
        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.OK),
            (own.StatusCode, others.StatusCode, byAdmin.StatusCode));
        using var record = JsonDocument.Parse(await own.Content.ReadAsStringAsync());
        Assert.Equal(("team-a", "a-laptop"), (record.RootElement.GetProperty("tenant").GetString(), record.RootElement.GetProperty("gatewayKey").GetString()));
        Assert.DoesNotContain("team-b", await others.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string[]> RequestIdsAsync(string key)
    {
        using var response = await SendAsync(HttpMethod.Get, "/admin/requests", key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. document.RootElement.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
    }

    [Fact]
    public async Task Stats_TenantKeySeesOnlyItsOwnTenant_AdminKeySeesEvery()
    {
        await ChatAsync(_keyA.Value);
        await ChatAsync(_keyB.Value);
        await ChatAsync(_keyB.Value);

        using var none = await SendAsync(HttpMethod.Get, "/admin/stats", null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal([("team-a", 1L)], await StatsByTenantAsync(_keyA.Value));
        Assert.Equal([("team-b", 2L)], await StatsByTenantAsync(_keyB.Value));
        Assert.Equal([("team-b", 2L), ("team-a", 1L)], await StatsByTenantAsync(_admin.Value));
    }

    [Fact]
    public async Task Stats_ListRefusalsByTenantAndReason_ScopedLikeTheRest()
    {
        await ChatAsync(_keyA.Value);
        using var unknownModel = await _gateway.Http.SendAsync(ChatRequests.Post(_gateway.BaseUrl + "/v1", _keyA.Value, ChatRequests.Body(model: "no-such-model")));
        using var badKey = await _gateway.Http.SendAsync(ChatRequests.Post(_gateway.BaseUrl + "/v1", "rc-nobody", ChatRequests.Body(model: "default")));

        Assert.Equal([new StatsRefusal(StatsCalculator.NoTenant, "invalid_api_key", 1), new StatsRefusal("team-a", "model_not_found", 1)], await RefusalsAsync(_admin.Value));
        Assert.Equal([new StatsRefusal("team-a", "model_not_found", 1)], await RefusalsAsync(_keyA.Value));
        Assert.Empty(await RefusalsAsync(_keyB.Value));
    }

    private async Task<IReadOnlyList<StatsRefusal>> RefusalsAsync(string key)
    {
        using var response = await SendAsync(HttpMethod.Get, "/admin/stats", key);
        var report = await response.Content.ReadFromJsonAsync<StatsReport>(JsonSerializerOptions.Web);
        return report!.Refusals;
    }

    private async Task<(string, long)[]> StatsByTenantAsync(string key)
    {
        using var response = await SendAsync(HttpMethod.Get, "/admin/stats", key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<StatsReport>(JsonSerializerOptions.Web);
        return [.. report!.ByTenant.Select(r => (r.Key, r.Calls))];
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("revoked")]
    [InlineData("bearer-without-key")]
    [InlineData("garbage")]
    [InlineData("none")]
    public async Task ModelApis_RefuseUnknownRevokedMalformedOrMissingKey_With401InTheirOwnFormat(string kind)
    {
        var key = kind switch
        {
            "unknown" => "rc-nobody-" + Guid.NewGuid().ToString("N"),
            "revoked" => _revoked.Value,
            "bearer-without-key" => " ",
            "garbage" => "not a key; \"at all\" " + new string('%', 3000),
            _ => null,
        };

        using var chat = await _gateway.Http.SendAsync(ChatRequests.Post(_gateway.BaseUrl + "/v1", key, ChatRequests.Body(model: "default")));
        using var messages = await _gateway.Http.SendAsync(AnthropicRequests.Post(_gateway.BaseUrl + "/v1", key, AnthropicRequests.Body(model: "default")));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (chat.StatusCode, messages.StatusCode));
        Assert.Contains("\"code\":\"invalid_api_key\"", await chat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("gateway key", ErrorBodies.AssertAnthropic(await messages.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Empty(_harness.Mock.Requests);
    }

    [Fact]
    public async Task ModelApis_KeyWithBytesOutsideAscii_401InTheCallersFormat_NotACrash()
    {
        var body = Encoding.UTF8.GetBytes(ChatRequests.Body(model: "default"));
        var reply = await RawHttp.SendAsync(_gateway.BaseUrl,
            $"POST /v1/chat/completions HTTP/1.1\r\nAuthorization: Bearer \u00ff\u00fe{_keyA.Value}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}",
            body, Encoding.Latin1);

        Assert.Equal(401, reply.Status);
        Assert.Contains("gateway key", ErrorBodies.AssertOpenAi(reply.Body), StringComparison.Ordinal);
        Assert.Empty(_harness.Mock.Requests);
    }

    [Fact]
    public async Task ModelApis_AnAdminKeySendsNoModelRequest_403InEachFormat()
    {
        using var chat = await _gateway.Http.SendAsync(ChatRequests.Post(_gateway.BaseUrl + "/v1", _admin.Value, ChatRequests.Body(model: "default")));
        using var messages = await _gateway.Http.SendAsync(AnthropicRequests.Post(_gateway.BaseUrl + "/v1", _admin.Value, AnthropicRequests.Body(model: "default")));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (chat.StatusCode, messages.StatusCode));
        Assert.Contains("admin key", ErrorBodies.AssertOpenAi(await chat.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var anthropic = await messages.Content.ReadAsStringAsync();
        Assert.Contains("admin key", ErrorBodies.AssertAnthropic(anthropic), StringComparison.Ordinal);
        Assert.Contains("\"type\":\"permission_error\"", anthropic, StringComparison.Ordinal);
        Assert.Empty(_harness.Mock.Requests);
    }

    [Fact]
    public async Task Metrics_CountRefusalsByTenantAndReason()
    {
        using var unknown = await _gateway.Http.SendAsync(ChatRequests.Post(_gateway.BaseUrl + "/v1", "rc-nobody", ChatRequests.Body(model: "default")));
        using var byAdmin = await _gateway.Http.SendAsync(ChatRequests.Post(_gateway.BaseUrl + "/v1", _admin.Value, ChatRequests.Body(model: "default")));
        using var badRole = await _gateway.Http.SendAsync(ChatRequests.Post(_gateway.BaseUrl + "/v1", _keyB.Value, ChatRequests.Body(model: "no-such-model")));
        await ChatAsync(_keyA.Value);

        var refusals = MetricsScenario.Parse(await _gateway.Http.GetStringAsync("/metrics"))
            .Where(s => s.Name == "routing_refusals_total")
            .Select(s => (s.Label("tenant"), s.Label("reason"), s.Value))
            .OrderBy(r => r.Item2, StringComparer.Ordinal)
            .ToList();

        Assert.Equal([("none", "admin_key", 1d), ("none", "invalid_api_key", 1d), ("team-b", "model_not_found", 1d)], refusals);
    }

    [Fact]
    public async Task Metrics_OpenByDefault_AdminKeyOnlyWhenRequired_AfterAReload()
    {
        using var open = await SendAsync(HttpMethod.Get, "/metrics", null);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);

        _gateway.Reload(Yaml(metricsNeedAdminKey: true));

        using var none = await SendAsync(HttpMethod.Get, "/metrics", null);
        using var tenant = await SendAsync(HttpMethod.Get, "/metrics", _keyA.Value);
        using var admin = await SendAsync(HttpMethod.Get, "/metrics", _admin.Value);
        Assert.Equal(
            (HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK),
            (none.StatusCode, tenant.StatusCode, admin.StatusCode));
        Assert.Contains("# TYPE", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(_admin.Value, await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
