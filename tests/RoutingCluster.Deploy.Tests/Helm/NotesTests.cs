using Xunit;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>NOTES.txt as <c>helm install --dry-run=client</c> renders it (offline: no cluster is contacted).</summary>
public sealed class NotesTests
{
    [Fact]
    public async Task The_notes_name_the_service_to_reach_and_the_secret_to_create()
    {
        var notes = await NotesAsync("default-values.yaml");

        Assert.Contains("3 pods;", notes, StringComparison.Ordinal);
        Assert.Contains("port-forward service/rc-routingcluster 8787:8787", notes, StringComparison.Ordinal);
        Assert.Contains("Secret rc-routingcluster-postgres (key connectionString)", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("gateway keys are set", notes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_notes_list_every_secret_reference_and_the_gateway_key_header()
    {
        var notes = await NotesAsync("hosted-values.yaml");

        Assert.Contains("OPENAI_KEY is read from Secret llm-provider-keys (key openai).", notes, StringComparison.Ordinal);
        Assert.Contains("GATEWAY_KEY is read from Secret llm-gateway-keys (key client).", notes, StringComparison.Ordinal);
        Assert.Contains("gateway keys are set: add -H \"Authorization: Bearer <key>\"", notes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_autoscaling_the_notes_give_the_replica_range()
    {
        var notes = await NotesAsync("autoscaling-values.yaml");

        Assert.Contains("3-8 pods, autoscaled", notes, StringComparison.Ordinal);
    }

    private static async Task<string> NotesAsync(string ciValuesFile)
    {
        var run = await HelmProcess.HelmAsync("install", RenderedChart.Release, ChartFiles.Directory, "--dry-run=client", "-f", ChartFiles.CiValuesFile(ciValuesFile));
        Assert.True(run.Succeeded, run.Describe());
        var start = run.Stdout.IndexOf("NOTES:", StringComparison.Ordinal);
        Assert.True(start >= 0, run.Describe());
        return run.Stdout[start..];
    }
}
