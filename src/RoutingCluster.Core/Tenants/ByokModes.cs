namespace RoutingCluster.Tenants;

/// <summary>The YAML spelling of each <see cref="ByokMode"/>.</summary>
public static class ByokModes
{
    public static IReadOnlyList<string> Names { get; } = ["first", "only", "never"];

    public static string Name(ByokMode mode) => Names[(int)mode];

    public static bool TryParse(string? name, out ByokMode mode)
    {
        var index = name is null ? -1 : Array.IndexOf([.. Names], name);
        mode = index < 0 ? default : (ByokMode)index;
        return index >= 0;
    }
}
