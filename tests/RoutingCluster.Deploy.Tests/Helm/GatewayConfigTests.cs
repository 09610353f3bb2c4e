using System.Text.Json;
using Xunit;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>The gateway config the ConfigMap carries, and how its secrets reach the pod: by reference only.</summary>
public sealed class GatewayConfigTests
{
    public static TheoryData<string> CiValuesFiles => ChartFiles.CiValues();

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task The_store_is_PostgreSQL_through_an_env_reference_and_the_silo_listens_on_every_interface(string file)
    {
        var config = (await RenderedChart.ForAsync(file)).GatewayConfig();

        Assert.Equal("postgres", config.Text("store.kind"));
        Assert.Matches("^env:[A-Z_]+$", config.Text("store.connectionString"));
        Assert.Equal("0.0.0.0", config.Text("cluster.listenAddress"));
        Assert.Equal(11111, config.Number("cluster.siloPort"));
        Assert.Null(config.Find("cluster.nodeId"));
        Assert.Null(config.Find("cluster.advertisedAddress"));
    }

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task Every_env_reference_of_the_config_is_a_variable_the_container_gets_from_a_Secret(string file)
    {
        var chart = await RenderedChart.ForAsync(file);

        var fromSecrets = chart.GatewayContainer().Items("env")
            .Where(e => e.Find("valueFrom.secretKeyRef") is not null)
            .Select(e => e.Text("name"))
            .ToHashSet(StringComparer.Ordinal);
        var references = EnvReferences(chart.GatewayConfig()).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, name => Assert.Contains(name, fromSecrets));
    }

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task No_secret_value_is_rendered(string file)
    {
        var chart = await RenderedChart.ForAsync(file);

        Assert.Empty(chart.OfKind("Secret"));
        var plain = chart.GatewayContainer().Items("env").Where(e => e.Find("value") is not null).Select(e => e.Text("name"));
        Assert.All(plain, name => Assert.DoesNotMatch("(?i)key|postgres|password|token|secret", name));
    }

    [Fact]
    public async Task By_default_the_connection_string_comes_from_the_release_named_Secret()
    {
        var chart = await RenderedChart.ForAsync("default-values.yaml");

        var postgres = chart.GatewayContainer().Items("env").Single(e => e.Text("name") == "RC_POSTGRES");
        Assert.Equal("rc-routingcluster-postgres", postgres.Text("valueFrom.secretKeyRef.name"));
        Assert.Equal("connectionString", postgres.Text("valueFrom.secretKeyRef.key"));
        Assert.Equal("env:RC_POSTGRES", chart.GatewayConfig().Text("store.connectionString"));
    }

    [Fact]
    public async Task Named_Secrets_and_keys_become_the_variables_the_config_refers_to()
    {
        var chart = await RenderedChart.ForAsync("hosted-values.yaml");

        var secretRefs = chart.GatewayContainer().Items("env")
            .Where(e => e.Find("valueFrom.secretKeyRef") is not null)
            .ToDictionary(e => e.Text("name"), e => $"{e.Text("valueFrom.secretKeyRef.name")}/{e.Text("valueFrom.secretKeyRef.key")}", StringComparer.Ordinal);
        Assert.Equal(
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["GATEWAY_POSTGRES"] = "llm-gateway-postgres/url",
                ["OPENAI_KEY"] = "llm-provider-keys/openai",
                ["GATEWAY_KEY"] = "llm-gateway-keys/client",
            },
            secretRefs);
        var config = chart.GatewayConfig();
        Assert.Equal("env:GATEWAY_POSTGRES", config.Text("store.connectionString"));
        Assert.Equal("env:OPENAI_KEY", config.Text("credentials[0].apiKey"));
        Assert.Equal("env:GATEWAY_KEY", config.Text("tenants[0].keys[0].secret"));
    }

    [Fact]
    public async Task The_default_config_routes_to_the_simulated_provider_and_user_sections_replace_its_lists()
    {
        var defaults = (await RenderedChart.ForAsync("default-values.yaml")).GatewayConfig();
        var hosted = (await RenderedChart.ForAsync("hosted-values.yaml")).GatewayConfig();

        Assert.Equal("simulated", defaults.Text("providers[0].protocol"));
        Assert.Equal("sim-small", defaults.Text("roles.default.chain[0].models[0]"));
        Assert.Equal("default", defaults.Text("routing.defaultRole"));
        Assert.Equal(new[] { "openai", "sim" }, hosted.Items("providers").Select(p => p.Text("id")));
        Assert.Equal("gpt-main", hosted.Text("roles.default.chain[0].model"));
        Assert.Equal("llm-gateway", hosted.Text("cluster.clusterId"));
    }

    private static IEnumerable<string> EnvReferences(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => EnvReferences(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(EnvReferences),
        JsonValueKind.String when element.GetString() is { } text && text.StartsWith("env:", StringComparison.Ordinal) => [text["env:".Length..]],
        _ => [],
    };
}
