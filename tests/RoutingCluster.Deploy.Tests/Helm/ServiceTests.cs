using Xunit;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>The HTTP Service, the headless silo Service and the PodDisruptionBudget, from the chart's defaults.</summary>
public sealed class ServiceTests
{
    private const string Defaults = "default-values.yaml";

    [Fact]
    public async Task The_http_service_serves_port_8787_named_http()
    {
        var chart = await RenderedChart.ForAsync(Defaults);

        var service = chart.Named("Service", "rc-routingcluster");
        var port = Assert.Single(service.Items("spec.ports"));
        Assert.Equal("ClusterIP", service.Text("spec.type"));
        Assert.Equal(("http", 8787, "http"), (port.Text("name"), port.Number("port"), port.Text("targetPort")));
        AssertSelectsThePods(chart, service.Strings("spec.selector"));
    }

    [Fact]
    public async Task The_headless_silo_service_names_port_11111_silo_and_lists_pods_before_they_are_ready()
    {
        var chart = await RenderedChart.ForAsync(Defaults);

        var service = chart.Named("Service", "rc-routingcluster-silo");
        var port = Assert.Single(service.Items("spec.ports"));
        Assert.Equal("None", service.Text("spec.clusterIP"));
        Assert.True(service.At("spec.publishNotReadyAddresses").GetBoolean());
        Assert.Equal(("silo", 11111, "silo"), (port.Text("name"), port.Number("port"), port.Text("targetPort")));
        AssertSelectsThePods(chart, service.Strings("spec.selector"));
    }

    [Fact]
    public async Task At_most_one_pod_is_disrupted_at_a_time()
    {
        var chart = await RenderedChart.ForAsync(Defaults);

        var budget = chart.Single("PodDisruptionBudget");
        Assert.Equal("policy/v1", budget.Text("apiVersion"));
        Assert.Equal(1, budget.Number("spec.maxUnavailable"));
        Assert.Equal(chart.Single("Deployment").Strings("spec.selector.matchLabels"), budget.Strings("spec.selector.matchLabels"));
    }

    [Fact]
    public async Task The_disruption_budget_can_be_a_percentage_or_turned_off()
    {
        var percentage = await RenderedChart.ForAsync("hosted-values.yaml");
        var off = await RenderedChart.ForAsync(Defaults, "podDisruptionBudget.enabled=false");

        Assert.Equal("25%", percentage.Single("PodDisruptionBudget").Text("spec.maxUnavailable"));
        Assert.Empty(off.OfKind("PodDisruptionBudget"));
    }

    [Fact]
    public async Task A_silo_port_value_moves_every_place_that_names_the_port()
    {
        var chart = await RenderedChart.ForAsync(Defaults, "silo.port=12000");
        var container = chart.GatewayContainer();

        Assert.Equal(12000, container.Items("ports").Single(p => p.Text("name") == "silo").Number("containerPort"));
        Assert.Equal(12000, chart.Named("Service", "rc-routingcluster-silo").Number("spec.ports[0].port"));
        var args = container.Items("args").Select(a => a.GetString()).ToList();
        Assert.Equal("12000", args[args.IndexOf("--silo-port") + 1]);
        Assert.Equal(12000, chart.GatewayConfig().Number("cluster.siloPort"));
    }

    private static void AssertSelectsThePods(RenderedChart chart, IReadOnlyDictionary<string, string> selector)
    {
        var podLabels = chart.Single("Deployment").Strings("spec.template.metadata.labels");
        Assert.NotEmpty(selector);
        Assert.All(selector, label => Assert.Equal(label.Value, podLabels.GetValueOrDefault(label.Key)));
    }
}
