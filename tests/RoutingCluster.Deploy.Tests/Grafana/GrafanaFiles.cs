using System.Text.Json.Nodes;
using RoutingCluster.Deploy.Tests.Compose;
using RoutingCluster.Testing;

namespace RoutingCluster.Deploy.Tests.Grafana;

/// <summary>Where the Grafana files live, and what the provisioning says.</summary>
public static class GrafanaFiles
{
    public static string Dashboard => RepositoryRoot.Combine("deploy", "grafana", "dashboards", "routingcluster.json");

    public static string DashboardsFolder => RepositoryRoot.Combine("deploy", "grafana", "dashboards");

    public static string ProvisioningFolder => RepositoryRoot.Combine("deploy", "grafana", "provisioning");

    public static string DatasourceFile => RepositoryRoot.Combine("deploy", "grafana", "provisioning", "datasources", "prometheus.yaml");

    public static string ProviderFile => RepositoryRoot.Combine("deploy", "grafana", "provisioning", "dashboards", "routingcluster.yaml");

    public static JsonNode LoadDashboard() => JsonNode.Parse(File.ReadAllText(Dashboard)) ?? throw new InvalidDataException($"{Dashboard} is empty.");

    /// <summary>The one data source the provisioning declares.</summary>
    public static JsonObject ProvisionedDatasource() =>
        YamlReader.Load(DatasourceFile)["datasources"]!.AsArray().Single()!.AsObject();
}
