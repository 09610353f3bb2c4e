using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Storage.Postgres.Membership;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Cluster;

/// <summary>
/// A node killed as a process (no graceful leave) while it leads the cluster and holds a lease:
/// another node takes the lead, never two at once, and the dead node's lease comes back long
/// before the lease's own expiry. Real clocks: the killed node is a separate process.
/// </summary>
public sealed class NodeFailureTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private GatewayHarness _harness = null!;
    private ClusterConfig _cluster = null!;
    private string _configPath = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(["solo"], TimeProvider.System);
        _cluster = await _harness.CreateClusterAsync();
        _configPath = await _harness.WriteConfigAsync(Yaml());
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task KillLeaderHoldingLease_SurvivorLeadsAloneAndLeaseReturnsBeforeItsTtl()
    {
        await using var doomed = await GatewayProcess.StartAsync(_configPath, "--node-id", "node-0");
        await UntilAsync(async () => (await doomed.Http.GetFromJsonAsync<ClusterReport>("/admin/cluster"))!.Leader, "node-0 to lead");
        var survivor1 = await _harness.StartGatewayAsync(Yaml(), "--node-id", "node-1");
        var survivor2 = await _harness.StartGatewayAsync(Yaml(), "--node-id", "node-2");
        var clusters = new[] { Membership(survivor1), Membership(survivor2) };

        var gate = new MockGate();
        _harness.Mock.SetDefault(_harness.Upstream.KeyOf("solo"), MockReply.Ok("held", chunks: 2).WithGateAfterFirstChunk(gate));
        using var held = await doomed.Http.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Body(stream: true) }, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        using (var blocked = await survivor1.Http.PostAsync("/v1/chat/completions", Body(stream: false)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        }

        Assert.All(clusters, c => Assert.False(c.IsLeader));
        var killedAt = TimeProvider.System.GetTimestamp();
        await doomed.KillAsync();
        _harness.Mock.SetDefault(_harness.Upstream.KeyOf("solo"), MockReply.Ok("after the crash"));

        // Step through the survivors' heartbeats until one leads and the lease is back.
        var store = survivor1.Services.GetRequiredService<IEntityStore>();
        for (var beats = 0; ; beats++)
        {
            Assert.True(beats < 60, "the survivors did not take over within 60 heartbeats");
            await clusters[0].WaitForTickAsync().WaitAsync(Bound);
            Assert.False(clusters[0].IsLeader && clusters[1].IsLeader, "two leaders at once");
            var credential = await store.ReadAsync<CredentialState>(EntityKey.Credential("solo"));
            if (clusters.Any(c => c.IsLeader) && credential.Leases.IsEmpty)
            {
                break;
            }
        }

        var reclaimedAfter = TimeProvider.System.GetElapsedTime(killedAt);
        Assert.True(reclaimedAfter < TimeSpan.FromSeconds(90), $"lease came back only after {reclaimedAfter}, not before its TTL");
        Assert.Single(clusters, c => c.IsLeader);
        using var after = await survivor2.Http.PostAsync("/v1/chat/completions", Body(stream: false));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var report = (await survivor2.Http.GetFromJsonAsync<ClusterReport>("/admin/cluster"))!;
        Assert.Equal("dead", report.Nodes.Single(n => n.Id == "node-0").Status);
        Assert.Equal(2, report.Nodes.Count(n => n.Status == "live"));
        gate.Release();
    }

    private string Yaml() => _harness.Upstream.SimpleYaml(
        limits: "{ concurrency: 1 }",
        extra: _cluster.StoreYaml(heartbeat: "250ms", deadAfterMissedBeats: 3) + "\nresilience: { attemptTimeout: 30s, requestTimeout: 60s }");

    private static PostgresCluster Membership(TestGateway node) => node.Services.GetRequiredService<PostgresCluster>();

    private static StringContent Body(bool stream) => new(
        $$"""{"model":"default","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");

    /// <summary>Polls a condition on another process, which has no event to await, within <see cref="Bound"/>.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Bound, $"timed out waiting for {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private sealed record ClusterReport(string Node, bool Leader, bool Degraded, string Store, int LiveNodes, IReadOnlyList<NodeReport> Nodes);

    private sealed record NodeReport(string Id, string Status);
}
