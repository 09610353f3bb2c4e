using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RoutingCluster.AppHost;
using Xunit;

namespace RoutingCluster.Aspire.Tests;

/// <summary>The AppHost brings up a working cluster: nodes answer through the mock upstream, know each other, and are scraped.</summary>
public sealed class AspireClusterTests(AspireCluster cluster) : IClassFixture<AspireCluster>
{
    private static readonly TimeSpan ConditionTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Chat_completions_through_two_nodes_are_answered_by_the_mock_upstream()
    {
        foreach (var node in cluster.NodeNames)
        {
            using var client = cluster.ClientFor(node);
            var marker = $"hello through {node}";
            using var response = await client.PostAsJsonAsync("/v1/chat/completions", new
            {
                model = "default",
                messages = new[] { new { role = "user", content = marker } },
            });
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{node} answered {(int)response.StatusCode}: {body}");
            Assert.Equal(node, Header(response, "x-routing-node"));
            Assert.Equal(GatewayConfigFile.UpstreamProvider, Header(response, "x-routing-provider"));
            var choices = JsonNode.Parse(body)?["choices"]?.AsArray();
            Assert.True(choices is { Count: > 0 }, $"{node}: no choices in {body}");

            // The mock saw this very request (it arrived over loopback from that node).
            var received = await cluster.Upstream.WaitForRequestAsync(r => r.Body.Contains(marker, StringComparison.Ordinal), ConditionTimeout);
            Assert.Equal("upstream-model", received.Model);
        }
    }

    [Fact]
    public async Task Admin_cluster_on_one_node_lists_every_node_as_an_active_silo()
    {
        using var client = cluster.ClientFor(cluster.NodeNames[0]);
        await BoundedPoll.UntilAsync($"/admin/cluster on {cluster.NodeNames[0]} lists {string.Join(", ", cluster.NodeNames)} as active", ConditionTimeout, async token =>
        {
            using var response = await client.GetAsync("/admin/cluster", token);
            var body = await response.Content.ReadAsStringAsync(token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (false, $"{(int)response.StatusCode} {body}");
            }

            var report = JsonNode.Parse(body)!;
            var active = report["nodes"]!.AsArray()
                .Where(n => n?["status"]?.GetValue<string>() == "active")
                .Select(n => n!["id"]!.GetValue<string>())
                .ToHashSet(StringComparer.Ordinal);
            var done = report["store"]?.GetValue<string>() == "postgres"
                && report["activeNodes"]?.GetValue<int>() == cluster.NodeNames.Count
                && cluster.NodeNames.All(active.Contains);
            return (done, body);
        });
    }

    [Fact]
    public async Task Prometheus_scrapes_every_node()
    {
        Assert.True(cluster.Prometheus is not null,
            $"No Prometheus binary (RC_PROMETHEUS or {AppHostSettings.DebianPrometheus}): install the Debian package prometheus (scripts/prometheus.sh does).");
        using var client = cluster.ClientFor(PrometheusServer.ResourceName);
        await BoundedPoll.UntilAsync($"Prometheus reports every node ({string.Join(", ", cluster.NodeNames)}) up", ConditionTimeout, async token =>
        {
            var body = await client.GetStringAsync("/api/v1/targets?state=active", token);
            var up = JsonNode.Parse(body)!["data"]!["activeTargets"]!.AsArray()
                .Where(t => t?["health"]?.GetValue<string>() == "up")
                .Select(t => t!["labels"]?["node"]?.GetValue<string>())
                .ToHashSet(StringComparer.Ordinal);
            return (cluster.NodeNames.All(up.Contains), body);
        });
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
