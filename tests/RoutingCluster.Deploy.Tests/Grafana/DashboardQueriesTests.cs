using RoutingCluster.Deploy.Tests.Compose;
using Xunit;
using RoutingCluster.Testing.Grafana;

namespace RoutingCluster.Deploy.Tests.Grafana;

/// <summary>What <see cref="DashboardQueries"/> takes for a metric name, on PromQL written to trip it.</summary>
public sealed class DashboardQueriesTests
{
    [Theory]
    [InlineData("routing_ledger_pending", "routing_ledger_pending")]
    [InlineData("rate(routing_requests_total[5m])", "routing_requests_total")]
    [InlineData("sum by (role, model) (rate(routing_requests_total{role=~\"$role\", provider=~\"${provider}\"}[$__rate_interval]))", "routing_requests_total")]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(routing_gateway_overhead_seconds_bucket{role=~\"$role\"}[$__rate_interval])))", "routing_gateway_overhead_seconds_bucket")]
    [InlineData("sum(rate(h_bucket[5m])) by (le, instance)", "h_bucket")]
    [InlineData("sum without(instance)(rate(h_bucket[1m]))", "h_bucket")]
    [InlineData("SUM BY (le) (h_bucket)", "h_bucket")]
    [InlineData("min by (credential) (remaining{unit=\"requests\"} / on(credential, provider) group_left(window) limit)", "limit remaining")]
    [InlineData("a * ignoring(code) group_right b", "a b")]
    [InlineData("up offset 5m and node_load1 @ 1609746000 unless other:recorded:rate5m", "node_load1 other:recorded:rate5m up")]
    [InlineData("errors_total > bool 0 or on() vector(0)", "errors_total")]
    [InlineData("label_replace(up{job=\"a\"}, \"dst\", \"$1\", \"src\", \"(.*)\")", "up")]
    [InlineData("topk(5, count_values(\"version\", build_info)) * 1e-3 + 0x1F - Inf + NaN", "build_info")]
    [InlineData("max_over_time(rate(x_total[5m])[1h:1m]) # not_a_metric here", "x_total")]
    [InlineData("time() - process_start_time_seconds", "process_start_time_seconds")]
    [InlineData("{__name__=\"exact_name\", job=\"j\"} + {__name__=~\"regex_.*\"}", "exact_name")]
    [InlineData("{\"quoted.name\", instance=\"gw-1:8787\"}", "quoted.name")]
    [InlineData("sum by (le) (rate(q{le=\"0.5\", reason=\"by\"}[5m]))", "q")]
    [InlineData("vector(1) + scalar(sum(rate(y[5m])))", "y")]
    public void Finds_metric_names_only(string expr, string expected)
    {
        Assert.Equal(expected.Split(' '), DashboardQueries.MetricNamesInExpr(expr));
    }

    [Theory]
    [InlineData("label_values(routing_credential_inflight{provider=~\"$provider\"}, credential)", "routing_credential_inflight")]
    [InlineData("label_values(routing_requests_total, role)", "routing_requests_total")]
    [InlineData("label_values(role)", "")]
    [InlineData("metrics(routing_.*)", "")]
    [InlineData("query_result(topk(3, sum by (model) (rate(routing_requests_total[5m]))))", "routing_requests_total")]
    public void Reads_variable_queries(string query, string expected)
    {
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), DashboardQueries.MetricNamesInVariableQuery(query));
    }

    [Fact]
    public void Collects_names_from_panels_rows_and_variables_of_a_dashboard_file()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("dashboard.json", """
            {
              "panels": [
                { "type": "timeseries", "targets": [ { "expr": "rate(b_total[5m])" }, { "expr": "a_gauge" } ] },
                { "type": "row", "collapsed": true, "panels": [
                  { "type": "stat", "targets": [ { "expr": "histogram_quantile(0.5, sum by (le) (rate(c_seconds_bucket[5m])))" } ] }
                ] },
                { "type": "text" }
              ],
              "templating": { "list": [
                { "type": "query", "query": { "query": "label_values(d_info, version)" } },
                { "type": "query", "query": "label_values(e_info{x=\"1\"}, y)" },
                { "type": "custom", "query": "f_not_a_query" }
              ] }
            }
            """);

        Assert.Equal(["a_gauge", "b_total", "c_seconds_bucket", "d_info", "e_info"], DashboardQueries.MetricNames(path));
    }
}
