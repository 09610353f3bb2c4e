using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RoutingCluster.Deploy.Tests.Compose;
using Xunit;
using RoutingCluster.Testing.Grafana;

namespace RoutingCluster.Deploy.Tests.Grafana;

/// <summary>deploy/grafana/dashboards/routingcluster.json.</summary>
public sealed partial class DashboardTests
{
    /// <summary>The gateway's metrics (README, Metrics), as a query names them: histograms by their buckets.</summary>
    private static readonly string[] GatewayMetrics =
    [
        "routing_attempts_total",
        "routing_cost_usd_total",
        "routing_credential_breaker_state",
        "routing_credential_concurrency_limit",
        "routing_credential_cooldown_seconds",
        "routing_credential_disabled",
        "routing_credential_inflight",
        "routing_credential_plan_reset_seconds",
        "routing_credential_plan_switch_at",
        "routing_credential_plan_utilization",
        "routing_credential_window_limit",
        "routing_credential_window_remaining",
        "routing_credential_window_reset_seconds",
        "routing_fallbacks_total",
        "routing_gateway_overhead_seconds_bucket",
        "routing_ledger_dropped_total",
        "routing_ledger_pending",
        "routing_provider_breaker_state",
        "routing_provider_error_rate",
        "routing_provider_latency_seconds",
        "routing_requests_total",
        "routing_skips_total",
        "routing_tokens_total",
        "routing_upstream_duration_seconds_bucket",
        "routing_upstream_ttft_seconds_bucket",
    ];

    private static readonly HashSet<string> GrafanaBuiltIns = new(StringComparer.Ordinal)
    {
        "__rate_interval", "__interval", "__interval_ms", "__range", "__range_s", "__range_ms",
    };

    private readonly JsonNode dashboard = GrafanaFiles.LoadDashboard();

    [Fact]
    public void Is_a_dashboard_of_schema_39_or_later_with_unique_panel_ids()
    {
        var ids = DashboardQueries.Panels(dashboard).Select(p => (int?)p["id"]).ToList();

        Assert.False(string.IsNullOrWhiteSpace((string?)dashboard["uid"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)dashboard["title"]));
        Assert.True((int?)dashboard["schemaVersion"] >= 39, $"schemaVersion {dashboard["schemaVersion"]}");
        Assert.NotEmpty(ids);
        Assert.DoesNotContain(null, ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Every_panel_has_a_target_with_an_expr()
    {
        var panels = QueryPanels().ToList();

        Assert.True(panels.Count >= 10, $"Only {panels.Count} panels");
        Assert.All(panels, panel =>
        {
            var targets = panel["targets"]?.AsArray() ?? [];
            Assert.True(targets.Any(t => !string.IsNullOrWhiteSpace((string?)t?["expr"])), $"Panel `{panel["title"]}` has no target with an expr");
            var refIds = targets.Select(t => (string?)t?["refId"]).ToList();
            Assert.Equal(refIds.Count, refIds.Distinct().Count());
        });
    }

    [Fact]
    public void Every_panel_target_and_variable_uses_the_provisioned_datasource()
    {
        var uid = (string?)GrafanaFiles.ProvisionedDatasource()["uid"];
        Assert.False(string.IsNullOrWhiteSpace(uid));

        Assert.All(QueryPanels(), panel =>
        {
            Assert.True((string?)panel["datasource"]?["uid"] == uid, $"Panel `{panel["title"]}` uses datasource {panel["datasource"]?.ToJsonString()}, not uid {uid}");
            Assert.All(panel["targets"]!.AsArray(), t => Assert.Equal(uid, (string?)(t!["datasource"] ?? panel["datasource"])?["uid"]));
        });
        var variables = Variables().Where(v => (string?)v["type"] == "query").ToList();
        Assert.NotEmpty(variables);
        Assert.All(variables, v => Assert.Equal(uid, (string?)v["datasource"]?["uid"]));
    }

    [Fact]
    public void Offers_credential_provider_and_role_variables_and_uses_no_other()
    {
        var variables = Variables().ToDictionary(v => (string)v["name"]!, StringComparer.Ordinal);

        foreach (var name in new[] { "credential", "provider", "role" })
        {
            Assert.True(variables.TryGetValue(name, out var variable), $"No ${name} variable");
            Assert.Equal("query", (string?)variable["type"]);
            Assert.True((bool?)variable["includeAll"] == true && (bool?)variable["multi"] == true, $"${name} must allow All and several values");
            Assert.Equal(".*", (string?)variable["allValue"]);
        }

        var used = DashboardQueries.Expressions(dashboard).Concat(DashboardQueries.VariableQueries(dashboard))
            .SelectMany(e => VariableReference().Matches(e).Select(m => m.Groups["name"].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("role", used);
        Assert.Contains("credential", used);
        Assert.Contains("provider", used);
        Assert.All(used, name => Assert.True(variables.ContainsKey(name) || GrafanaBuiltIns.Contains(name), $"${name} is used but not defined"));
    }

    [Fact]
    public void Every_expr_is_valid_promql()
    {
        using var temp = new TempDirectory();
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        var count = 0;
        foreach (var panel in QueryPanels())
        {
            foreach (var target in panel["targets"]!.AsArray())
            {
                var expr = (string)target!["expr"]!;
                rules.Append(FormattableString.Invariant($"      - record: dashboard:panel_{(int)panel["id"]!}:{(string)target["refId"]!}\n"));
                rules.Append("        expr: ").Append(JsonSerializer.Serialize(WithVariablesFilledIn(expr))).Append('\n');
                count++;
            }
        }

        var run = ExternalTool.Run(ExternalTool.Promtool, ["check", "rules", temp.Write("dashboard.rules.yml", rules.ToString())]);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains(FormattableString.Invariant($"{count} rules found"), run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Refers_to_every_gateway_metric_and_to_no_other()
    {
        var names = DashboardQueries.MetricNames(GrafanaFiles.Dashboard);

        Assert.Equal(GatewayMetrics, names.Where(n => !n.StartsWith("orleans_", StringComparison.Ordinal)));
        Assert.Contains(names, n => n.StartsWith("orleans_", StringComparison.Ordinal));
    }

    [Fact]
    public void Orleans_metrics_are_queried_in_one_panel_of_their_own_row()
    {
        var rows = PanelsByRow();
        var orleansRows = rows.Where(r => r.Value.Any(p => PanelMetrics(p).Any(IsOrleans))).Select(r => r.Key).ToList();

        var row = Assert.Single(orleansRows);
        Assert.Contains("Orleans", row, StringComparison.Ordinal);
        var panel = Assert.Single(rows[row]);
        Assert.All(PanelMetrics(panel), name => Assert.True(IsOrleans(name), $"The Orleans row queries {name}"));
    }

    [Fact]
    public void Panels_fit_the_grid_without_overlapping()
    {
        var boxes = (dashboard["panels"]?.AsArray() ?? [])
            .Select(p => (Title: (string?)p!["title"], X: (int)p["gridPos"]!["x"]!, Y: (int)p["gridPos"]!["y"]!, W: (int)p["gridPos"]!["w"]!, H: (int)p["gridPos"]!["h"]!))
            .ToList();

        Assert.All(boxes, b => Assert.True(b.X >= 0 && b.Y >= 0 && b.W > 0 && b.H > 0 && b.X + b.W <= 24, $"`{b.Title}` lies off the 24-column grid"));
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                var overlap = a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;
                Assert.False(overlap, $"`{a.Title}` and `{b.Title}` overlap");
            }
        }
    }

    private IEnumerable<JsonObject> QueryPanels() => DashboardQueries.Panels(dashboard).Where(p => (string?)p["type"] != "row");

    private IEnumerable<JsonObject> Variables() => (dashboard["templating"]?["list"]?.AsArray() ?? []).Select(v => v!.AsObject());

    /// <summary>The panels under each row: those after it up to the next row, or those a collapsed row holds.</summary>
    private Dictionary<string, List<JsonObject>> PanelsByRow()
    {
        var rows = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        List<JsonObject>? current = null;
        foreach (var panel in (dashboard["panels"]?.AsArray() ?? []).Select(p => p!.AsObject()))
        {
            if ((string?)panel["type"] == "row")
            {
                current = [.. (panel["panels"]?.AsArray() ?? []).Select(p => p!.AsObject())];
                rows[(string?)panel["title"] ?? ""] = current;
            }
            else
            {
                Assert.True(current is not null, $"Panel `{panel["title"]}` stands above the first row");
                current.Add(panel);
            }
        }

        return rows;
    }

    private static IEnumerable<string> PanelMetrics(JsonObject panel) =>
        (panel["targets"]?.AsArray() ?? []).SelectMany(t => DashboardQueries.MetricNamesInExpr((string?)t?["expr"] ?? ""));

    private static bool IsOrleans(string name) => name.StartsWith("orleans_", StringComparison.Ordinal);

    /// <summary>Grafana's variables replaced by what they expand to, so promtool can parse the query.</summary>
    private static string WithVariablesFilledIn(string expr) =>
        VariableReference().Replace(expr, m => m.Groups["name"].Value switch
        {
            "__rate_interval" or "__interval" => "5m",
            "__range" => "1h",
            _ => "x",
        });

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:[^}]*)?\}|\$(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariableReference();
}
