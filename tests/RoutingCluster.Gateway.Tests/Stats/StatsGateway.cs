using System.Net.Http.Headers;
using System.Text;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Ledger;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Stats;

/// <summary>
/// A real gateway with a gateway key and priced models, after five requests: three to role
/// <c>background</c> (model <c>cheap</c>, $1 in / $2 out per 1M; the third falls back from
/// key-a's 500 to key-b), one to role <c>default</c> (model <c>big</c>, $10 / $30, the
/// baseline), and one refused for a wrong gateway key. Every upstream answer reports 1000 input
/// and 500 output tokens.
/// </summary>
public sealed class StatsGateway : IAsyncLifetime
{
    public const string GatewayKey = "gw-stats-key-1234567890";

    private GatewayHarness _harness = null!;

    public MockUpstream Mock => _harness.Mock;

    public UpstreamConfig Upstream => _harness.Upstream;

    public TestSecret GatewaySecret { get; private set; } = null!;

    public TestGateway Gateway => _harness.Gateway;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(["key-a", "key-b"]);
        GatewaySecret = _harness.SetSecret(GatewayKey);
        var yaml = $$"""
            providers:
            {{Upstream.ProviderYaml()}}
            credentials:
            {{Upstream.CredentialsYaml()}}
            models:
              - { id: cheap, provider: up, upstreamModel: cheap-1, contextWindow: 16000, price: { input: 1, output: 2 } }
              - { id: big, provider: up, upstreamModel: big-1, contextWindow: 16000, price: { input: 10, output: 30 } }
            roles:
              default: { chain: [ { model: big } ] }
              background: { chain: [ { model: cheap } ] }
            {{TenantYaml.Team(GatewaySecret.Reference)}}
            """;
        await _harness.StartGatewayAsync(yaml);
        Mock.SetDefault(MockReply.Ok(promptTokens: 1000, completionTokens: 500));

        await PostAsync("background", GatewayKey);
        await PostAsync("background", GatewayKey);
        await PostAsync("default", GatewayKey);
        Mock.Enqueue(Upstream.KeyOf("key-a"), MockReply.ServerError(500));
        await PostAsync("background", GatewayKey);
        await PostAsync("background", "wrong-key");
        await WaitForLedgerAsync(5);
    }

    public HttpRequestMessage StatsRequest(string query = "", string? key = GatewayKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/stats" + query);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    private async Task PostAsync(string model, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await Gateway.Http.SendAsync(request);
        await response.Content.ReadAsStringAsync();
    }

    /// <summary>The ledger record is appended after the last byte reaches the client, so the test can be a moment early.</summary>
    private async Task WaitForLedgerAsync(int count)
    {
        var ledger = (ILedger)Gateway.Services.GetService(typeof(ILedger))!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await ledger.QueryAsync(new LedgerQuery(Limit: 100))).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the ledger did not reach {count} records");
            await Task.Delay(10);
        }
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();
}
