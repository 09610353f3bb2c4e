namespace RoutingCluster.Entities;

/// <summary>Exponentially weighted health of an entity: latency, time to first token and error rate.</summary>
[GenerateSerializer]
[Immutable]
public sealed record HealthState([property: Id(0)] double? LatencyMs, [property: Id(1)] double? TimeToFirstTokenMs, [property: Id(2)] double ErrorRate, [property: Id(3)] long Samples)
{
    /// <summary>Weight of the newest sample.</summary>
    public const double Alpha = 0.2;

    public static readonly HealthState Unknown = new(null, null, 0, 0);

    public HealthState Record(AttemptOutcome outcome)
    {
        var failed = outcome.Kind.CountsAsFailure();
        if (!failed && outcome.Kind != OutcomeKind.Success)
        {
            return this;
        }

        return new HealthState(
            Blend(LatencyMs, outcome.Latency?.TotalMilliseconds),
            Blend(TimeToFirstTokenMs, outcome.TimeToFirstToken?.TotalMilliseconds),
            Samples == 0 ? (failed ? 1 : 0) : (ErrorRate * (1 - Alpha)) + ((failed ? 1 : 0) * Alpha),
            Samples + 1);
    }

    private static double? Blend(double? average, double? sample) =>
        sample is not { } value ? average : average is not { } old ? value : (old * (1 - Alpha)) + (value * Alpha);
}
