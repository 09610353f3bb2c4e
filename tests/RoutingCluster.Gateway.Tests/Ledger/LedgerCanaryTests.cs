using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Storage.Postgres.Ledger;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Ledger;

/// <summary>
/// No secret leaks: provider keys and gateway keys carry a unique canary, and after successful,
/// failed-over and refused requests the canary is in no admin answer and no ledger row (cluster mode).
/// </summary>
public sealed class LedgerCanaryTests : IAsyncLifetime
{
    private readonly string _canary = $"canary{Guid.NewGuid():N}";
    private GatewayHarness _harness = null!;
    private ClusterConfig _cluster = null!;
    private TestSecret _gatewayKey = null!;
    private readonly List<TestSecret> _providerKeys = [];

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync([]);
        _cluster = await _harness.CreateClusterAsync();
        _gatewayKey = _harness.SetSecret($"gw-{_canary}");
        _providerKeys.Add(_harness.SetSecret($"sk-a-{_canary}"));
        _providerKeys.Add(_harness.SetSecret($"sk-b-{_canary}"));
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Ledger_RequestsWithCanaryKeys_CanaryAppearsInNoAnswerAndNoRow()
    {
        var gateway = await _harness.StartGatewayAsync(
            $$"""
            providers:
              - { id: up, protocol: openai-chat, baseUrl: {{_harness.Mock.OpenAiBaseUrl}}, class: hosted }
            credentials:
              - { id: key-a, provider: up, apiKey: "{{_providerKeys[0].Reference}}" }
              - { id: key-b, provider: up, apiKey: "{{_providerKeys[1].Reference}}" }
            models:
              - { id: m1, provider: up, upstreamModel: up-model-1, contextWindow: 16000, price: { input: 3, output: 15 } }
            roles:
              default:
                chain:
                  - { models: [m1], strategy: priority }
            {{TenantYaml.Team(_gatewayKey.Reference)}}
            {{_cluster.StoreYaml()}}
            """);
        var key = _gatewayKey.Value;
        _harness.Mock.Enqueue(_providerKeys[0].Value, MockReply.RateLimited(TimeSpan.FromSeconds(30)));
        var fallback = await LedgerApi.ChatAsync(gateway, key);
        var skipped = await LedgerApi.ChatAsync(gateway, key);
        var refused = await LedgerApi.ChatAsync(gateway, $"wrong-{_canary}", expected: HttpStatusCode.Unauthorized);
        var fallbackRecord = await LedgerApi.RecordAsync(gateway, key, fallback);
        await LedgerApi.RecordAsync(gateway, key, skipped);
        await LedgerApi.RecordAsync(gateway, key, refused);
        Assert.Equal(2, fallbackRecord.Attempts.Count);

        var bodies = new StringBuilder();
        foreach (var path in new[] { "/admin/requests", $"/admin/requests/{fallback}", $"/admin/requests/{skipped}", $"/admin/requests/{refused}", "/admin/cluster", "/v1/models" })
        {
            using var response = await LedgerApi.SendAsync(gateway, HttpMethod.Get, path, key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            bodies.AppendLine(await response.Content.ReadAsStringAsync());
        }

        var ledger = gateway.Services.GetRequiredService<PostgresLedger>();
        Assert.True(await ledger.FlushAsync());
        var rows = await RowsAsync();
        Assert.Equal(3, rows.Count);
        Assert.Contains(rows, row => row.Contains(fallback, StringComparison.Ordinal) && row.Contains("RateLimited", StringComparison.Ordinal));
        Assert.Contains(fallback, bodies.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_canary, bodies.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.All(rows, row => Assert.DoesNotContain(_canary, row, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every ledger row as text, all columns.</summary>
    private async Task<List<string>> RowsAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(_cluster.ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT r::text FROM rc_requests r");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
