using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Anthropic.Exceptions;
using OpenAI.Chat;
using RoutingCluster.Gateway.Tests.Ledger;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors;

/// <summary>
/// Tenant policy and own keys through a real gateway on loopback, on both front doors. Three providers
/// (EU hosted, US hosted, an EU local one) point at one mock that records every call by key, so each
/// test can say which upstream keys were used and, above all, which never were.
/// </summary>
public sealed class TenantPolicyTests : IAsyncLifetime
{
    private static readonly string[] CredentialIds = ["eu-pool", "us-pool", "us-acme", "us-solo", "lab-pool"];

    private GatewayHarness _harness = null!;
    private readonly Dictionary<string, TestSecret> _keys = [];
    private TestSecret _admin = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(CredentialIds);
        foreach (var tenant in new[] { "acme", "solo", "euro", "hosted", "labonly", "smolonly", "localfirst", "plain" })
        {
            _keys[tenant] = _harness.SetSecret($"gw-{tenant}-{Guid.NewGuid():N}");
        }

        _admin = _harness.SetSecret($"gw-admin-{Guid.NewGuid():N}");
        var up = _harness.Upstream;
        await _harness.StartGatewayAsync($$"""
            providers:
              - { id: eu-cloud, protocol: openai-chat, baseUrl: "{{up.Mock.OpenAiBaseUrl}}", class: hosted, region: eu }
              - { id: us-cloud, protocol: openai-chat, baseUrl: "{{up.Mock.OpenAiBaseUrl}}", class: hosted, region: us }
              - { id: lab, protocol: openai-chat, baseUrl: "{{up.Mock.OpenAiBaseUrl}}", class: local, region: eu }
            credentials:
              - { id: eu-pool, provider: eu-cloud, apiKey: "{{up.ReferenceOf("eu-pool")}}" }
              - { id: us-pool, provider: us-cloud, apiKey: "{{up.ReferenceOf("us-pool")}}" }
              - { id: us-acme, provider: us-cloud, apiKey: "{{up.ReferenceOf("us-acme")}}", owner: acme }
              - { id: us-solo, provider: us-cloud, apiKey: "{{up.ReferenceOf("us-solo")}}", owner: solo }
              - { id: lab-pool, provider: lab, apiKey: "{{up.ReferenceOf("lab-pool")}}" }
            models:
              - { id: us-model, provider: us-cloud, upstreamModel: up-us, contextWindow: 16000 }
              - { id: eu-model, provider: eu-cloud, upstreamModel: up-eu, contextWindow: 16000 }
              - { id: lab-model, provider: lab, upstreamModel: up-lab, contextWindow: 16000 }
            roles:
              default: { chain: [ { models: [us-model, eu-model, lab-model], strategy: priority } ] }
              usonly: { chain: [ { model: us-model } ] }
              smol: { chain: [ { model: lab-model } ] }
            tenants:
              - { id: acme, keys: [{ id: acme-key, secret: "{{_keys["acme"].Reference}}" }] }
              - { id: solo, keys: [{ id: solo-key, secret: "{{_keys["solo"].Reference}}" }], byok: only }
              - { id: euro, keys: [{ id: euro-key, secret: "{{_keys["euro"].Reference}}" }], policy: { regions: [eu] } }
              - { id: hosted, keys: [{ id: hosted-key, secret: "{{_keys["hosted"].Reference}}" }], policy: { classes: [hosted] } }
              - { id: labonly, keys: [{ id: labonly-key, secret: "{{_keys["labonly"].Reference}}" }], policy: { providers: [lab] } }
              - { id: smolonly, keys: [{ id: smolonly-key, secret: "{{_keys["smolonly"].Reference}}" }], policy: { roles: [smol] } }
              - { id: localfirst, keys: [{ id: localfirst-key, secret: "{{_keys["localfirst"].Reference}}" }], policy: { preferLocal: true } }
              - { id: plain, keys: [{ id: plain-key, secret: "{{_keys["plain"].Reference}}" }] }
            adminKeys: [{ id: ops, secret: "{{_admin.Reference}}" }]
            """);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public static TheoryData<string, string, string, string> Refusals => new()
    {
        { "euro", "usonly", "/v1/chat/completions", "No candidate of role `usonly` is allowed for tenant `euro`: policy of tenant `euro` allows regions eu; provider us-cloud is in region us." },
        { "euro", "usonly", "/v1/messages", "No candidate of role `usonly` is allowed for tenant `euro`: policy of tenant `euro` allows regions eu; provider us-cloud is in region us." },
        { "hosted", "smol", "/v1/chat/completions", "No candidate of role `smol` is allowed for tenant `hosted`: policy of tenant `hosted` allows classes hosted; provider lab is local." },
        { "hosted", "smol", "/v1/messages", "No candidate of role `smol` is allowed for tenant `hosted`: policy of tenant `hosted` allows classes hosted; provider lab is local." },
        { "labonly", "usonly", "/v1/chat/completions", "No candidate of role `usonly` is allowed for tenant `labonly`: policy of tenant `labonly` allows providers lab, not us-cloud." },
        { "labonly", "eu-model", "/v1/messages", "No candidate of model `eu-model` is allowed for tenant `labonly`: policy of tenant `labonly` allows providers lab, not eu-cloud." },
        { "smolonly", "default", "/v1/chat/completions", "The policy of tenant `smolonly` allows roles smol, not `default`." },
        { "smolonly", "lab-model", "/v1/messages", "The policy of tenant `smolonly` allows roles smol; a model named directly must be in its `models`, and `lab-model` is not. Ask for one of the roles." },
        { "solo", "smol", "/v1/chat/completions", "No candidate of role `smol` is allowed for tenant `solo`: policy of tenant `solo`: byok only, and credential lab-pool is pooled." },
        { "solo", "eu-model", "/v1/messages", "No candidate of model `eu-model` is allowed for tenant `solo`: policy of tenant `solo`: byok only, and credential eu-pool is pooled." },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Request_NoCandidateLeftUnderThePolicy_403NamingTheRuleAndNoUpstreamCalled(string tenant, string model, string path, string message)
    {
        using var response = await SendAsync(path, tenant, model);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(message, ErrorBodies.AssertFor(path, body));
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("error");
        if (path == "/v1/messages")
        {
            Assert.Equal("permission_error", error.GetProperty("type").GetString());
        }
        else
        {
            Assert.Equal("policy_denied", error.GetProperty("code").GetString());
        }

        Assert.Equal(tenant, Assert.Single(response.Headers.GetValues("x-routing-policy")));
        var record = await LedgerApi.RecordAsync(_harness.Gateway, _admin.Value, RequestId(response));
        Assert.Equal((tenant, tenant, "policy_denied", 403), (record.Tenant, record.Policy, record.ErrorCode, record.Status));
        Assert.Empty(_harness.Mock.Requests);
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/messages")]
    public async Task Request_RegionPolicy_ServedInsideTheRegionAlthoughAUsModelRanksFirst(string path)
    {
        using var response = await SendAsync(path, "euro", "default");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([Key("eu-pool")], _harness.Mock.Requests.Select(r => r.ApiKey));
        Assert.Equal("euro", Assert.Single(response.Headers.GetValues("x-routing-policy")));
        var record = await LedgerApi.RecordAsync(_harness.Gateway, _admin.Value, RequestId(response));
        Assert.Equal("euro", record.Policy);
    }

    [Fact]
    public async Task Request_RegionPolicyAndTheAllowedUpstreamFails_FallsBackOnlyInsideThePolicy()
    {
        _harness.Mock.SetDefault(Key("eu-pool"), new MockReply { StatusCode = 503 });
        _harness.Mock.SetDefault(Key("lab-pool"), new MockReply { StatusCode = 503 });

        using var response = await SendAsync("/v1/chat/completions", "euro", "default");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal([Key("eu-pool"), Key("lab-pool")], _harness.Mock.Requests.Select(r => r.ApiKey).Distinct());
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/messages")]
    public async Task Request_PreferLocal_LocalCandidateServesFirst(string path)
    {
        using var response = await SendAsync(path, "localfirst", "default");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([Key("lab-pool")], _harness.Mock.Requests.Select(r => r.ApiKey));
    }

    [Fact]
    public async Task Request_PreferLocalAndTheLocalOneFails_HostedOnesFollowInTheirOrder()
    {
        _harness.Mock.SetDefault(Key("lab-pool"), new MockReply { StatusCode = 503 });

        using var response = await SendAsync("/v1/chat/completions", "localfirst", "default");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([Key("lab-pool"), Key("us-pool")], _harness.Mock.Requests.Select(r => r.ApiKey));
    }

    [Fact]
    public async Task Request_ByokFirst_OwnKeyBeforeThePooledOneOfTheSameModel()
    {
        using var response = await SendAsync("/v1/chat/completions", "acme", "usonly");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([Key("us-acme")], _harness.Mock.Requests.Select(r => r.ApiKey));
    }

    [Fact]
    public async Task Request_ByokOnly_ServedByTheOwnKeyEvenWhereAPooledOneRanksFirst()
    {
        using var response = await SendAsync("/v1/messages", "solo", "default");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([Key("us-solo")], _harness.Mock.Requests.Select(r => r.ApiKey));
    }

    [Fact]
    public async Task Request_PooledKeyFailsForATenantWithoutOwnKeys_OwnedKeysOfOthersNeverLent()
    {
        _harness.Mock.SetDefault(Key("us-pool"), new MockReply { StatusCode = 429, Headers = [new("retry-after", "30")] });

        using var response = await SendAsync("/v1/chat/completions", "plain", "usonly");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal([Key("us-pool")], _harness.Mock.Requests.Select(r => r.ApiKey));
        Assert.False(response.Headers.Contains("x-routing-policy"));
        var record = await LedgerApi.RecordAsync(_harness.Gateway, _admin.Value, RequestId(response));
        Assert.Null(record.Policy);
        Assert.DoesNotContain(record.Attempts, a => a.Credential is "us-acme" or "us-solo");
    }

    [Fact]
    public async Task OpenAiSdk_RefusedByPolicy_ClientResultWith403AndTheRule()
    {
        var chat = _harness.Gateway.OpenAiChat("usonly", _keys["euro"].Value);

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(403, refused.Status);
        Assert.Contains("allows regions eu; provider us-cloud is in region us", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_harness.Mock.Requests);
    }

    [Fact]
    public async Task AnthropicSdk_RefusedByPolicy_ForbiddenException()
    {
        using var client = AnthropicSdk.Client(_harness.Gateway.BaseUrl, _keys["hosted"].Value);

        var refused = await Assert.ThrowsAsync<AnthropicForbiddenException>(() => client.Messages.Create(AnthropicSdk.Ask("smol", "hi")));

        Assert.Contains("allows classes hosted; provider lab is local", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_harness.Mock.Requests);
    }

    [Theory]
    [InlineData("euro", "default smol eu-model lab-model")]
    [InlineData("smolonly", "smol")]
    [InlineData("solo", "default usonly us-model")]
    [InlineData("plain", "default smol usonly eu-model lab-model us-model")]
    public async Task Models_ListsOnlyWhatThePolicyLetsTheTenantReach(string tenant, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _keys[tenant].Value);
        using var response = await _harness.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var ids = json.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString());
        Assert.Equal(expected, string.Join(' ', ids));
    }

    private string Key(string credentialId) => _harness.Upstream.KeyOf(credentialId);

    private static string RequestId(HttpResponseMessage response) => Assert.Single(response.Headers.GetValues("x-routing-request-id"));

    private async Task<HttpResponseMessage> SendAsync(string path, string tenant, string model)
    {
        var json = $$"""{"model":"{{model}}","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (path == "/v1/messages")
        {
            request.Headers.Add("x-api-key", _keys[tenant].Value);
            request.Headers.Add("anthropic-version", "2023-06-01");
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _keys[tenant].Value);
        }

        return await _harness.Http.SendAsync(request);
    }
}
