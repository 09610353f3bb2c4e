namespace RoutingCluster.Entities;

/// <summary>Why an entity refused, and when it may accept again (null: not by waiting).</summary>
[GenerateSerializer]
[Immutable]
public sealed record Refusal([property: Id(0)] RefusalKind Kind, [property: Id(1)] DateTimeOffset? RetryAt, [property: Id(2)] string Detail)
{
    /// <summary>Refusals that end by themselves with time, and so answer 429 with a retry-after.</summary>
    public bool IsRateLimit => Kind is RefusalKind.CoolingDown or RefusalKind.ConcurrencyFull or RefusalKind.WindowExhausted or RefusalKind.PlanThreshold;
}
