namespace RoutingCluster.Storage.Postgres.Tests.Schema;

/// <summary>The persisted state of <see cref="CounterGrain"/>.</summary>
[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)]
    public int Total { get; set; }
}
