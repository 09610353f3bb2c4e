using System.Text.Json.Nodes;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>docker-compose.yml through dclint (pinned in scripts/compose-tools.sh), with its default rules.</summary>
public sealed class ComposeLintTests
{
    [Fact]
    public void Dclint_finds_no_error_and_no_warning()
    {
        var report = Lint(ComposeModel.ComposeFile, out var run);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(0, (int)report["errorCount"]!);
        Assert.True((int)report["warningCount"]! == 0, run.Describe());
    }

    [Fact]
    public void Dclint_reports_an_error_for_a_copy_with_an_unpinned_image()
    {
        using var temp = new TempDirectory();
        var source = File.ReadAllText(ComposeModel.ComposeFile);
        var unpinned = source.Replace("image: postgres:17\n", "image: postgres:latest\n", StringComparison.Ordinal);
        Assert.NotEqual(source, unpinned);
        var copy = temp.Write("docker-compose.yml", unpinned);

        var report = Lint(copy, out var run);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(report["messages"]!.AsArray(), m => (string?)m!["type"] == "error" && (string?)m["rule"] == "service-image-require-explicit-tag");
    }

    private static JsonNode Lint(string file, out ToolRun run)
    {
        run = ExternalTool.Run(ExternalTool.Dclint, ["--formatter", "json", "--max-warnings", "0", file]);
        var reports = JsonNode.Parse(run.Stdout)?.AsArray();
        Assert.True(reports is { Count: 1 }, "dclint printed no report for one file: " + run.Describe());
        return reports[0]!;
    }
}
