namespace RoutingCluster.Configuration;

public static class StoreKinds
{
    public const string Memory = "memory";
    public const string Postgres = "postgres";
    public static readonly IReadOnlyList<string> All = [Memory, Postgres];
}
