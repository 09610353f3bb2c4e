namespace RoutingCluster.Testing;

/// <summary>Config lines declaring tenants, for tests that need a gateway key.</summary>
public static class TenantYaml
{
    /// <summary>The tenant id <see cref="Team"/> declares.</summary>
    public const string TeamId = "team";

    /// <summary>The key id <see cref="Team"/> declares.</summary>
    public const string TeamKeyId = "team-key";

    /// <summary>One admin tenant with one key, given by reference (<c>env:NAME</c>).</summary>
    public static string Team(string keyReference) =>
        $"tenants: [{{ id: {TeamId}, admin: true, keys: [{{ id: {TeamKeyId}, secret: \"{keyReference}\" }}] }}]";
}
