using Microsoft.Extensions.Configuration;
using RoutingCluster.AppHost;
using Xunit;

namespace RoutingCluster.Aspire.Tests;

/// <summary>How the AppHost reads its flags, without starting anything.</summary>
public sealed class AppHostSettingsTests
{
    [Fact]
    public void Defaults_are_three_nodes_and_local_postgres_when_no_container_runtime_answers()
    {
        var settings = Read([], runtime: null);

        Assert.Equal(PostgresMode.Local, settings.Postgres);
        Assert.Equal(AppHostSettings.DefaultNodes, settings.Nodes);
        Assert.Equal(["gw-1", "gw-2", "gw-3"], settings.NodeNames);
        Assert.Null(settings.Upstream);
        Assert.Equal(AppHostSettings.DefaultClusterId, settings.ClusterId);
    }

    [Fact]
    public void Auto_takes_a_container_when_a_runtime_answers()
    {
        Assert.Equal(PostgresMode.Container, Read([], runtime: "docker").Postgres);
        Assert.Equal(PostgresMode.Local, Read([new("postgres", "local")], runtime: "docker").Postgres);
        Assert.Equal(PostgresMode.Container, Read([new("postgres", "container")], runtime: null).Postgres);
    }

    [Fact]
    public void A_connection_string_names_an_external_server()
    {
        var settings = Read([new("postgres", "Host=127.0.0.1;Port=5432;Username=postgres;Database=routing")], runtime: null);

        Assert.Equal(PostgresMode.External, settings.Postgres);
        Assert.Equal("Host=127.0.0.1;Port=5432;Username=postgres;Database=routing", settings.PostgresConnectionString);
    }

    [Theory]
    [InlineData("postgres", "somewhere")]
    [InlineData("nodes", "0")]
    [InlineData("nodes", "10")]
    [InlineData("nodes", "two")]
    [InlineData("upstream", "http://192.0.2.10/v1")]
    [InlineData("upstream", "http://example.com/v1")]
    [InlineData("upstream", "ftp://127.0.0.1/v1")]
    [InlineData("cluster-id", "no spaces")]
    [InlineData("prometheus", "/nonexistent/prometheus")]
    public void A_bad_value_is_refused_with_its_flag_named(string key, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => Read([new(key, value)], runtime: null));

        Assert.Contains($"--{key}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000/v1")]
    [InlineData("http://127.1.2.3:9000/v1")]
    [InlineData("http://localhost:9000/v1")]
    [InlineData("http://[::1]:9000/v1")]
    public void An_upstream_on_loopback_is_taken(string url)
    {
        Assert.Equal(new Uri(url), Read([new("upstream", url)], runtime: null).Upstream);
    }

    [Fact]
    public void Prometheus_off_means_none()
    {
        Assert.Null(Read([new("prometheus", "off")], runtime: null).Prometheus);
    }

    private static AppHostSettings Read(KeyValuePair<string, string?>[] values, string? runtime)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return AppHostSettings.Read(configuration, _ => runtime);
    }
}
