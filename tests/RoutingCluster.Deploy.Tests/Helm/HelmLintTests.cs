using Xunit;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>The real helm CLI: <c>helm lint --strict</c> (chart metadata, template parsing and rendering, schema) with each values file.</summary>
public sealed class HelmLintTests
{
    public static TheoryData<string> CiValuesFiles => ChartFiles.CiValues();

    [Fact]
    public async Task The_chart_lints_clean_on_its_own_defaults()
    {
        var run = await HelmProcess.HelmAsync("lint", "--strict", ChartFiles.Directory);

        Assert.True(run.Succeeded, run.Describe());
        Assert.Contains("1 chart(s) linted, 0 chart(s) failed", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CiValuesFiles))]
    public async Task The_chart_lints_clean_with_every_example_values_file(string file)
    {
        var run = await HelmProcess.HelmAsync("lint", "--strict", ChartFiles.Directory, "-f", ChartFiles.CiValuesFile(file));

        Assert.True(run.Succeeded, run.Describe());
        Assert.DoesNotContain("[WARNING]", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Helm_refuses_the_deliberately_invalid_values_file_naming_its_misspelled_key()
    {
        var lint = await HelmProcess.HelmAsync("lint", ChartFiles.Directory, "-f", ChartFiles.InvalidValuesFile);
        var template = await HelmProcess.HelmAsync("template", RenderedChart.Release, ChartFiles.Directory, "-f", ChartFiles.InvalidValuesFile);

        Assert.False(lint.Succeeded, lint.Describe());
        Assert.Contains("additional properties 'replica' not allowed", lint.Stdout + lint.Stderr, StringComparison.Ordinal);
        Assert.False(template.Succeeded, template.Describe());
        Assert.Contains("additional properties 'replica' not allowed", template.Stderr, StringComparison.Ordinal);
    }
}
