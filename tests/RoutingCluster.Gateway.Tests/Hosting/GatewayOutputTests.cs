using System.Text.Json;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Hosting;

/// <summary>
/// What the gateway's build output ships: the Roslyn workspaces (and what they use) that Orleans'
/// packages list as dependencies of their code generator are not in it; what the gateway runs is.
/// Read from the gateway project's own output, built in the configuration these tests were built in.
/// </summary>
public sealed class GatewayOutputTests
{
    private static readonly string[] BuildTimeOnly =
    [
        "Microsoft.CodeAnalysis.Common", "Microsoft.CodeAnalysis.Workspaces.Common", "Humanizer.Core",
        "System.Composition.AttributedModel", "System.Composition.Convention", "System.Composition.Hosting",
        "System.Composition.Runtime", "System.Composition.TypedParts",
    ];

    private static readonly string Output = GatewayOutput();

    [Fact]
    public void Lists_no_runtime_assets_of_the_code_generators_dependencies()
    {
        var libraries = RuntimeLibraries();

        Assert.Contains("Microsoft.Orleans.Runtime", libraries.Keys);
        Assert.All(BuildTimeOnly, package =>
            Assert.False(libraries.TryGetValue(package, out var assets) && assets.Count > 0, $"{package} ships {string.Join(", ", assets ?? [])}"));
    }

    [Fact]
    public void Copies_none_of_their_assemblies_or_resources()
    {
        // The assemblies beside the gateway's, and the satellite resources one folder down (one per culture).
        var shipped = Directory.EnumerateFiles(Output, "*.dll")
            .Concat(Directory.EnumerateDirectories(Output).SelectMany(culture => Directory.EnumerateFiles(culture, "*.resources.dll")))
            .Select(Path.GetFileName)
            .ToList();

        Assert.Contains("Orleans.Runtime.dll", shipped);
        Assert.DoesNotContain(shipped, file => file!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
            || file.StartsWith("Humanizer", StringComparison.Ordinal) || file.StartsWith("System.Composition", StringComparison.Ordinal));
    }

    /// <summary>Package name to the runtime and resource assets the deps file lists for it.</summary>
    private static Dictionary<string, List<string>> RuntimeLibraries()
    {
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "RoutingCluster.Gateway.deps.json")));
        var libraries = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                var assets = new List<string>();
                foreach (var kind in (string[])["runtime", "resources", "native"])
                {
                    if (library.Value.TryGetProperty(kind, out var listed))
                    {
                        assets.AddRange(listed.EnumerateObject().Select(a => a.Name));
                    }
                }

                libraries[library.Name.Split('/')[0]] = assets;
            }
        }

        return libraries;
    }

    private static string GatewayOutput()
    {
        // This assembly sits in tests/RoutingCluster.Gateway.Tests/bin/<configuration>/<framework>/.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        return RepositoryRoot.Combine("src", "RoutingCluster.Gateway", "bin", configuration, framework.Name);
    }
}
