using Xunit;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>
/// Every object helm renders, with every example values file, against Kubernetes' schemas
/// (kubernetes-models: types, required fields, enums) and field lists (@kubernetes/client-node:
/// no unknown field), through check-manifests.cjs.
/// </summary>
public sealed class ManifestSchemaTests
{
    // A custom resource: kubernetes-models' prometheus-operator package checks its schema, but no
    // field list of it is at hand, so its unknown fields go unchecked.
    private const string ServiceMonitorKind = "monitoring.coreos.com/v1 ServiceMonitor";

    public static TheoryData<string> CiValuesFiles => ChartFiles.CiValues();

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task Every_rendered_object_meets_its_Kubernetes_schema_and_has_no_unknown_field(string file)
    {
        var chart = await RenderedChart.ForAsync(file);

        Assert.True(chart.Problems.Count == 0, string.Join(Environment.NewLine, chart.Problems));
        Assert.All(chart.Unchecked, kind => Assert.Equal(ServiceMonitorKind, kind));
        Assert.Contains(chart.Objects, o => o.Text("kind") == "Deployment");
    }

    [Fact]
    public async Task The_manifest_check_reports_wrong_types_unknown_fields_and_unknown_kinds()
    {
        const string Broken = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: broken }
            spec:
              replicas: three
              selector: { matchLabels: { app: broken } }
              template:
                metadata: { labels: { app: broken } }
                spec:
                  containers:
                    - name: gateway
                      image: example
                      readinesProbe: { httpGet: { path: /health/ready, port: http } }
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata: { name: unknown }
            """;

        var chart = await RenderedChart.CheckAsync(Broken);

        Assert.Equal(
            new[]
            {
                "apps/v1 Deployment broken /spec/replicas: must be integer",
                "apps/v1 Deployment broken /spec/template/spec/containers/0/readinesProbe: unknown field: V1Container has no field \"readinesProbe\"",
                "example.com/v1 Widget unknown : no Kubernetes schema known for example.com/v1 Widget",
            },
            chart.Problems);
        Assert.Equal(new[] { "example.com/v1 Widget" }, chart.Unchecked);
    }
}
