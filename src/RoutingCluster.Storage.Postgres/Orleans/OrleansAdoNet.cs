namespace RoutingCluster.Storage.Postgres.Orleans;

/// <summary>
/// What the Orleans ADO.NET clustering and persistence providers need to reach the schema of
/// migration 0004. They resolve this invariant themselves, by loading the Npgsql assembly and
/// its <c>NpgsqlFactory.Instance</c>, so no <c>DbProviderFactories</c> registration is needed;
/// this project only has to ship Npgsql next to them.
/// </summary>
public static class OrleansAdoNet
{
    /// <summary>The ADO.NET invariant to set on the providers' options.</summary>
    public const string Invariant = "Npgsql";
}
