namespace RoutingCluster.Configuration;

/// <summary>The YAML (and <c>--store</c>) spelling of each <see cref="StoreKind"/>, used for parsing, error messages and display.</summary>
public static class StoreKinds
{
    public const string MemoryName = "memory";
    public const string PostgresName = "postgres";

    public static IReadOnlyList<StoreKind> All { get; } = [StoreKind.Memory, StoreKind.Postgres];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(Name)];

    public static string Name(StoreKind kind) => kind switch
    {
        StoreKind.Memory => MemoryName,
        StoreKind.Postgres => PostgresName,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Exact, case-sensitive match on the YAML spelling.</summary>
    public static bool TryParse(string? name, out StoreKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), name, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>For a name already checked with <see cref="TryParse"/>.</summary>
    public static StoreKind Parse(string name) =>
        TryParse(name, out var kind) ? kind : throw new ArgumentException($"`{name}` is not a store kind; use one of: {string.Join(", ", Names)}.", nameof(name));
}
