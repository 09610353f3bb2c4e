using Xunit;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>The objects values turn on or off: ServiceMonitor, HorizontalPodAutoscaler, ServiceAccount.</summary>
public sealed class OptionalObjectsTests
{
    [Fact]
    public async Task By_default_there_is_no_ServiceMonitor_and_no_autoscaler_and_the_ServiceAccount_is_created()
    {
        var chart = await RenderedChart.ForAsync("default-values.yaml");

        Assert.Empty(chart.OfKind("ServiceMonitor"));
        Assert.Empty(chart.OfKind("HorizontalPodAutoscaler"));
        var account = chart.Single("ServiceAccount");
        Assert.Equal(account.Text("metadata.name"), chart.Single("Deployment").Text("spec.template.spec.serviceAccountName"));
        Assert.False(account.At("automountServiceAccountToken").GetBoolean());
    }

    [Fact]
    public async Task The_ServiceMonitor_scrapes_metrics_on_the_http_port_of_the_http_service_only()
    {
        var chart = await RenderedChart.ForAsync("servicemonitor-values.yaml");

        var monitor = chart.Single("ServiceMonitor");
        Assert.Equal("monitoring.coreos.com/v1", monitor.Text("apiVersion"));
        Assert.Equal("prometheus", monitor.Strings("metadata.labels")["release"]);
        var endpoint = Assert.Single(monitor.Items("spec.endpoints"));
        Assert.Equal(("http", "/metrics", "15s", "5s"), (endpoint.Text("port"), endpoint.Text("path"), endpoint.Text("interval"), endpoint.Text("scrapeTimeout")));
        Assert.Equal(new[] { RenderedChart.Namespace }, monitor.Items("spec.namespaceSelector.matchNames").Select(n => n.GetString()));
        var selector = monitor.Strings("spec.selector.matchLabels");
        var selected = chart.OfKind("Service").Where(s => selector.All(l => s.Strings("metadata.labels").GetValueOrDefault(l.Key) == l.Value)).ToList();
        var service = Assert.Single(selected);
        Assert.Contains(service.Items("spec.ports"), p => p.Text("name") == "http");
    }

    [Fact]
    public async Task With_autoscaling_the_autoscaler_owns_the_replica_count()
    {
        var chart = await RenderedChart.ForAsync("autoscaling-values.yaml");

        var autoscaler = chart.Single("HorizontalPodAutoscaler");
        var deployment = chart.Single("Deployment");
        Assert.Equal("autoscaling/v2", autoscaler.Text("apiVersion"));
        Assert.Null(deployment.Find("spec.replicas"));
        Assert.Equal(("apps/v1", "Deployment", deployment.Text("metadata.name")),
            (autoscaler.Text("spec.scaleTargetRef.apiVersion"), autoscaler.Text("spec.scaleTargetRef.kind"), autoscaler.Text("spec.scaleTargetRef.name")));
        Assert.Equal((3, 8), (autoscaler.Number("spec.minReplicas"), autoscaler.Number("spec.maxReplicas")));
        var targets = autoscaler.Items("spec.metrics").ToDictionary(m => m.Text("resource.name"), m => m.Number("resource.target.averageUtilization"), StringComparer.Ordinal);
        Assert.Equal(new Dictionary<string, int>(StringComparer.Ordinal) { ["cpu"] = 65, ["memory"] = 80 }, targets);
    }

    [Fact]
    public async Task Without_a_memory_target_the_autoscaler_scales_on_cpu_alone()
    {
        var chart = await RenderedChart.ForAsync("default-values.yaml", "autoscaling.enabled=true");

        var metric = Assert.Single(chart.Single("HorizontalPodAutoscaler").Items("spec.metrics"));
        Assert.Equal(("cpu", 70), (metric.Text("resource.name"), metric.Number("resource.target.averageUtilization")));
    }
}
