using Xunit;
using RoutingCluster.Testing;

namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>deploy/prometheus/prometheus.yml: valid for promtool, and scraping exactly the compose gateways.</summary>
public sealed class PrometheusConfigTests
{
    private static readonly string ConfigFile = RepositoryRoot.Combine("deploy", "prometheus", "prometheus.yml");

    [Fact]
    public void Promtool_accepts_the_config()
    {
        var run = ExternalTool.Run(ExternalTool.Promtool, ["check", "config", ConfigFile]);

        Assert.True(run.ExitCode == 0, run.Describe());
    }

    [Fact]
    public void Promtool_rejects_a_copy_with_a_bad_scrape_interval()
    {
        using var temp = new TempDirectory();
        var source = File.ReadAllText(ConfigFile);
        var broken = source.Replace("scrape_interval: 15s", "scrape_interval: fifteen", StringComparison.Ordinal);
        Assert.NotEqual(source, broken);

        var run = ExternalTool.Run(ExternalTool.Promtool, ["check", "config", temp.Write("prometheus.yml", broken)]);

        Assert.NotEqual(0, run.ExitCode);
    }

    [Fact]
    public void Scrapes_metrics_of_every_gateway_and_nothing_else()
    {
        var config = YamlReader.Load(ConfigFile);
        var job = Assert.Single(config["scrape_configs"]!.AsArray());
        var targets = job!["static_configs"]!.AsArray().SelectMany(s => ComposeModel.Strings(s!["targets"])).Order(StringComparer.Ordinal);

        Assert.Equal("/metrics", (string?)job["metrics_path"] ?? "/metrics");
        Assert.Equal(ComposeModel.Gateways.Select(g => $"{g}:8787"), targets);
        var compose = ComposeModel.Repository();
        Assert.All(ComposeModel.Gateways, g => Assert.Contains(compose.ServiceNames, s => s == g));
        Assert.Contains(compose.Mounts("prometheus"), m => m.Source == ConfigFile && m.Target == "/etc/prometheus/prometheus.yml" && m.ReadOnly);
        Assert.Contains("--config.file=/etc/prometheus/prometheus.yml", compose.Command("prometheus"));
    }
}
