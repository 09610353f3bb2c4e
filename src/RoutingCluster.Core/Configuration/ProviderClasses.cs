namespace RoutingCluster.Configuration;

/// <summary>The YAML spelling of each <see cref="ProviderClass"/>, used for parsing, error messages and display.</summary>
public static class ProviderClasses
{
    public const string LocalName = "local";
    public const string HostedName = "hosted";

    public static IReadOnlyList<ProviderClass> All { get; } = [ProviderClass.Local, ProviderClass.Hosted];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(Name)];

    public static string Name(ProviderClass providerClass) => providerClass switch
    {
        ProviderClass.Local => LocalName,
        ProviderClass.Hosted => HostedName,
        _ => throw new ArgumentOutOfRangeException(nameof(providerClass), providerClass, null),
    };

    /// <summary>Exact, case-sensitive match on the YAML spelling.</summary>
    public static bool TryParse(string? name, out ProviderClass providerClass)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), name, StringComparison.Ordinal))
            {
                providerClass = candidate;
                return true;
            }
        }

        providerClass = default;
        return false;
    }
}
