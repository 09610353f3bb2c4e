using RoutingCluster.Deploy.Tests.Compose;
using Xunit;

namespace RoutingCluster.Deploy.Tests.Grafana;

/// <summary>Grafana's provisioning against what docker-compose.yml mounts and runs.</summary>
public sealed class ProvisioningTests
{
    private static readonly Lazy<ComposeModel> Compose = new(ComposeModel.Repository);

    [Fact]
    public void Provisioning_folder_is_mounted_where_grafana_reads_it()
    {
        var mount = Assert.Single(Compose.Value.Mounts("grafana"), m => m.Source == GrafanaFiles.ProvisioningFolder);

        Assert.Equal("/etc/grafana/provisioning", mount.Target);
        Assert.True(mount.ReadOnly);
        Assert.True(File.Exists(GrafanaFiles.DatasourceFile));
        Assert.True(File.Exists(GrafanaFiles.ProviderFile));
    }

    [Fact]
    public void Datasource_is_the_compose_prometheus_under_a_fixed_uid()
    {
        var datasource = GrafanaFiles.ProvisionedDatasource();
        var url = new Uri((string)datasource["url"]!);
        var compose = Compose.Value;

        Assert.Equal("prometheus", (string?)datasource["type"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)datasource["uid"]));
        Assert.Contains(url.Host, compose.ServiceNames);
        Assert.Equal("prometheus", url.Host);
        Assert.Contains($"--web.listen-address=:{url.Port}", compose.Command("prometheus"));
    }

    [Fact]
    public void Dashboard_provider_reads_the_folder_compose_mounts_the_dashboards_at()
    {
        var provider = Assert.Single(YamlReader.Load(GrafanaFiles.ProviderFile)["providers"]!.AsArray());
        var path = (string?)provider!["options"]?["path"];
        var mount = Assert.Single(Compose.Value.Mounts("grafana"), m => m.Source == GrafanaFiles.DashboardsFolder);

        Assert.Equal("file", (string?)provider["type"]);
        Assert.Equal(mount.Target, path);
        Assert.True(mount.ReadOnly);
        Assert.Equal(GrafanaFiles.DashboardsFolder, Path.GetDirectoryName(GrafanaFiles.Dashboard));
        var home = Compose.Value.Environment("grafana")["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"];
        Assert.Equal($"{path}/{Path.GetFileName(GrafanaFiles.Dashboard)}", home);
    }
}
