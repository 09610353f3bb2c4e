namespace RoutingCluster.Entities;

/// <summary>Circuit-breaker tuning, shared by credential and provider entities.</summary>
/// <param name="ConsecutiveFailures">Open after this many failures in a row.</param>
/// <param name="FailureRatio">Or open when failures / attempts over <paramref name="SamplingWindow"/> reach this,
/// once at least <paramref name="MinimumThroughput"/> attempts were seen in it.</param>
/// <param name="BreakDuration">How long it stays open before letting probes through.</param>
/// <param name="HalfOpenProbes">How many probe attempts may be in flight while half-open.</param>
[GenerateSerializer]
[Immutable]
public sealed record BreakerOptions(
    [property: Id(0)] int ConsecutiveFailures,
    [property: Id(1)] double FailureRatio,
    [property: Id(2)] TimeSpan SamplingWindow,
    [property: Id(3)] int MinimumThroughput,
    [property: Id(4)] TimeSpan BreakDuration,
    [property: Id(5)] int HalfOpenProbes)
{
    public static readonly BreakerOptions Default = new(5, 0.5, TimeSpan.FromSeconds(30), 10, TimeSpan.FromSeconds(30), 1);
}
