using Xunit;
using RoutingCluster.Testing;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>Where the chart and its example values live.</summary>
public static class ChartFiles
{
    public static string Directory { get; } = RepositoryRoot.Combine("charts", "routingcluster");

    public static string ValuesFile { get; } = Path.Combine(Directory, "values.yaml");

    public static string SchemaFile { get; } = Path.Combine(Directory, "values.schema.json");

    /// <summary>The deliberately invalid values (one misspelled top-level key: <c>replica</c>).</summary>
    public static string InvalidValuesFile { get; } =
        RepositoryRoot.Combine("tests", "RoutingCluster.Deploy.Tests", "Helm", "invalid-values.yaml");

    /// <summary>A file of <c>charts/routingcluster/ci</c> by name.</summary>
    public static string CiValuesFile(string name) => Path.Combine(Directory, "ci", name);

    /// <summary>The names of every example values file in <c>charts/routingcluster/ci</c>.</summary>
    public static IReadOnlyList<string> CiValuesFileNames() =>
        [.. System.IO.Directory.GetFiles(Path.Combine(Directory, "ci"), "*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>Every example values file, as theory data.</summary>
    public static TheoryData<string> CiValues() => new(CiValuesFileNames());
}
