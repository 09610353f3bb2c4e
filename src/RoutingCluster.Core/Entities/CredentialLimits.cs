namespace RoutingCluster.Entities;

/// <summary>Declared limits of one credential. Null means "no declared limit".</summary>
/// <param name="Windows">Every rate window: the per-minute one built from rpm/tpm (named <c>minute</c>)
/// and the long ones (named by their span, e.g. <c>5h</c>).</param>
public sealed record CredentialLimits(int? Concurrency, IReadOnlyList<WindowLimit> Windows)
{
    public static readonly CredentialLimits Unlimited = new(null, []);

    /// <summary>
    /// This node's share when <paramref name="nodes"/> nodes enforce the limits without talking to
    /// each other: every limit divided, rounded down, but at least 1 so no key is shut off entirely.
    /// </summary>
    public CredentialLimits DividedAmong(int nodes)
    {
        if (nodes <= 1)
        {
            return this;
        }

        return new CredentialLimits(
            Concurrency is { } concurrency ? Math.Max(1, concurrency / nodes) : null,
            [.. Windows.Select(w => w with
            {
                Requests = w.Requests is { } requests ? Math.Max(1, requests / nodes) : null,
                Tokens = w.Tokens is { } tokens ? Math.Max(1, tokens / nodes) : null,
            })]);
    }
}

/// <param name="Name">Stable name of the window: <c>minute</c> or the configured span text.</param>
public sealed record WindowLimit(string Name, TimeSpan Span, long? Requests, long? Tokens);

/// <summary>Circuit-breaker tuning, shared by credential and provider entities.</summary>
/// <param name="ConsecutiveFailures">Open after this many failures in a row.</param>
/// <param name="FailureRatio">Or open when failures / attempts over <paramref name="SamplingWindow"/> reach this,
/// once at least <paramref name="MinimumThroughput"/> attempts were seen in it.</param>
/// <param name="BreakDuration">How long it stays open before letting probes through.</param>
/// <param name="HalfOpenProbes">How many probe attempts may be in flight while half-open.</param>
public sealed record BreakerOptions(
    int ConsecutiveFailures,
    double FailureRatio,
    TimeSpan SamplingWindow,
    int MinimumThroughput,
    TimeSpan BreakDuration,
    int HalfOpenProbes)
{
    public static readonly BreakerOptions Default = new(5, 0.5, TimeSpan.FromSeconds(30), 10, TimeSpan.FromSeconds(30), 1);
}
