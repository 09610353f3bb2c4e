namespace RoutingCluster.MicroBenchmarks.Inputs;

/// <summary>
/// A clock that moves forward a fixed step each time it is read, so a store driven millions of
/// times keeps a steady state (old window buckets age out) instead of exhausting its limits.
/// </summary>
public sealed class SteppingTimeProvider(DateTimeOffset start, TimeSpan step) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        var now = _now;
        _now += step;
        return now;
    }
}
