using System.Text.Json;
using Xunit;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>values.schema.json, checked with Ajv on the chart's values merged with each values file as helm merges them.</summary>
public sealed class ValuesSchemaTests
{
    public static TheoryData<string> CiValuesFiles => ChartFiles.CiValues();

    [Fact]
    public void The_ci_folder_has_the_example_values_files_the_tests_render()
    {
        Assert.Subset(
            new HashSet<string>(ChartFiles.CiValuesFileNames(), StringComparer.Ordinal),
            new HashSet<string>(["default-values.yaml", "autoscaling-values.yaml", "servicemonitor-values.yaml", "hosted-values.yaml"], StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task Every_example_values_file_meets_the_schema(string file)
    {
        var verdict = await ValuesVerdict.ForAsync(ChartFiles.CiValuesFile(file));

        Assert.True(verdict.Valid, verdict.Describe());
    }

    [Fact]
    public async Task The_deliberately_invalid_values_file_is_rejected_naming_its_misspelled_key()
    {
        var verdict = await ValuesVerdict.ForAsync(ChartFiles.InvalidValuesFile);

        Assert.False(verdict.Valid);
        var error = Assert.Single(verdict.Errors);
        Assert.Equal(new SchemaError("/replica", "additionalProperties", "must NOT have additional properties"), error);
    }

    [Theory]
    [InlineData("gateway:\n  store: { kind: memory }\n", "/gateway/store", "additionalProperties")]
    [InlineData("gateway:\n  cluster: { nodeId: gw-1 }\n", "/gateway/cluster/nodeId", "additionalProperties")]
    [InlineData("gateway:\n  cluster: { advertisedAddress: 10.0.0.5 }\n", "/gateway/cluster/advertisedAddress", "additionalProperties")]
    [InlineData("gateway:\n  credentials: [{ id: a, provider: openai, apiKey: sk-live-0123456789 }]\n", "/gateway/credentials/0/apiKey", "pattern")]
    [InlineData("gateway:\n  adminKeys: [{ id: ops, secret: my-plain-gateway-key }]\n", "/gateway/adminKeys/0/secret", "pattern")]
    [InlineData("providerKeys: [{ env: OPENAI_KEY, secretName: llm-keys }]\n", "/providerKeys/0/secretKey", "required")]
    [InlineData("securityContext:\n  allowPrivilegeEscalation: true\n", "/securityContext/allowPrivilegeEscalation", "const")]
    [InlineData("replicas: three\n", "/replicas", "type")]
    [InlineData("silo:\n  port: 70000\n", "/silo/port", "maximum")]
    [InlineData("image:\n  pullPolicy: Sometimes\n", "/image/pullPolicy", "enum")]
    public async Task Values_that_break_the_charts_rules_are_rejected_naming_the_key(string values, string key, string keyword)
    {
        var file = Path.Combine(Path.GetTempPath(), $"routingcluster-values-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, values);
        try
        {
            var verdict = await ValuesVerdict.ForAsync(file);

            Assert.False(verdict.Valid);
            Assert.Contains(verdict.Errors, e => e.Key == key && e.Keyword == keyword);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Every_key_of_the_charts_values_is_described_by_the_schema()
    {
        var run = await HelmProcess.NodeAsync("schema-coverage.cjs", null, ChartFiles.SchemaFile, ChartFiles.ValuesFile);

        Assert.True(run.Succeeded, run.Describe());
        Assert.Equal("[]", run.Stdout.Trim());
    }

    [Fact]
    public void The_schema_refuses_unknown_top_level_keys_and_requires_the_main_sections()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(ChartFiles.SchemaFile));
        var root = schema.RootElement;

        Assert.Equal("http://json-schema.org/draft-07/schema#", root.Text("$schema"));
        Assert.False(root.At("additionalProperties").GetBoolean());
        var required = root.Items("required").Select(r => r.GetString()).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string?>(["replicas", "image", "postgres", "gateway", "probes", "securityContext", "serviceMonitor", "autoscaling"], StringComparer.Ordinal), required);
    }
}
