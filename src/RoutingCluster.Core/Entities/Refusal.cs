namespace RoutingCluster.Entities;

/// <summary>Why an entity refused, and when it may accept again (null: not by waiting).</summary>
public sealed record Refusal(RefusalKind Kind, DateTimeOffset? RetryAt, string Detail)
{
    /// <summary>Refusals that end by themselves with time, and so answer 429 with a retry-after.</summary>
    public bool IsRateLimit => Kind is RefusalKind.CoolingDown or RefusalKind.ConcurrencyFull or RefusalKind.WindowExhausted;
}
