using System.Collections.Concurrent;
using System.Text.Json;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>
/// The chart as <c>helm template</c> renders it (release <c>rc</c>, namespace <c>routing</c>), read
/// by check-manifests.cjs: its objects, the schema and unknown-field problems found in them, the
/// kinds whose fields could not be checked, and the parsed YAML files of its ConfigMaps.
/// </summary>
public sealed class RenderedChart
{
    public const string Release = "rc";

    public const string Namespace = "routing";

    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedChart>>> Renders = new(StringComparer.Ordinal);

    private RenderedChart(JsonElement root)
    {
        Objects = [.. root.GetProperty("documents").EnumerateArray()];
        Problems = [.. root.GetProperty("problems").EnumerateArray().Select(p => $"{p.Text("object")} {p.Text("path")}: {p.Text("message")}")];
        Unchecked = [.. root.GetProperty("unchecked").EnumerateArray().Select(u => u.GetString() ?? "")];
        ConfigFiles = root.GetProperty("configFiles").EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
    }

    public IReadOnlyList<JsonElement> Objects { get; }

    public IReadOnlyList<string> Problems { get; }

    public IReadOnlyList<string> Unchecked { get; }

    public IReadOnlyDictionary<string, JsonElement> ConfigFiles { get; }

    /// <summary>Renders with the example values file <paramref name="ciValuesFile"/> and then <c>--set</c> <paramref name="sets"/>; cached per arguments.</summary>
    public static Task<RenderedChart> ForAsync(string ciValuesFile, params string[] sets)
    {
        string[] args = ["template", Release, ChartFiles.Directory, "--namespace", Namespace, "-f", ChartFiles.CiValuesFile(ciValuesFile), .. sets.SelectMany(s => new[] { "--set", s })];
        return Renders.GetOrAdd(string.Join('\n', args), _ => new Lazy<Task<RenderedChart>>(() => RenderAsync(args))).Value;
    }

    public IReadOnlyList<JsonElement> OfKind(string kind) => [.. Objects.Where(o => o.Text("kind") == kind)];

    /// <summary>The one object of <paramref name="kind"/>; fails when there are none or several.</summary>
    public JsonElement Single(string kind)
    {
        var found = OfKind(kind);
        return found.Count == 1 ? found[0] : throw new InvalidOperationException($"expected one {kind}, rendered {found.Count}");
    }

    public JsonElement Named(string kind, string name) =>
        OfKind(kind).FirstOrDefault(o => o.Text("metadata.name") == name) is { ValueKind: JsonValueKind.Object } found
            ? found
            : throw new InvalidOperationException($"no {kind} named {name}; rendered: {string.Join(", ", Objects.Select(o => $"{o.Text("kind")}/{o.Text("metadata.name")}"))}");

    /// <summary>The gateway container of the Deployment.</summary>
    public JsonElement GatewayContainer() =>
        Single("Deployment").Items("spec.template.spec.containers").Single(c => c.Text("name") == "gateway");

    /// <summary>The gateway config file the ConfigMap carries, parsed.</summary>
    public JsonElement GatewayConfig() =>
        ConfigFiles.Single(f => f.Key.EndsWith("/gateway.yaml", StringComparison.Ordinal)).Value;

    private static async Task<RenderedChart> RenderAsync(string[] args)
    {
        var rendered = await HelmProcess.HelmAsync(args);
        if (!rendered.Succeeded)
        {
            throw new InvalidOperationException(rendered.Describe());
        }

        return await CheckAsync(rendered.Stdout);
    }

    /// <summary>Reads and checks manifests (YAML documents) with check-manifests.cjs.</summary>
    public static async Task<RenderedChart> CheckAsync(string manifests)
    {
        var run = await HelmProcess.NodeAsync("check-manifests.cjs", manifests);
        if (!run.Succeeded)
        {
            throw new InvalidOperationException(run.Describe());
        }

        using var document = JsonDocument.Parse(run.Stdout);
        return new RenderedChart(document.RootElement.Clone());
    }
}
