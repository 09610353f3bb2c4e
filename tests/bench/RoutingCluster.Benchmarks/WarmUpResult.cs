using static System.FormattableString;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// One warm-up of a gateway start. <see cref="Settled"/>: its background JIT fell below the settle
/// share of one core before the cap (always true when the options do not wait for it).
/// </summary>
/// <param name="JitShare">The background JIT's share of one core over the last probe (null when not probed).</param>
public sealed record WarmUpResult(string Target, int Requests, int Errors, TimeSpan Elapsed, bool Settled, double? JitShare)
{
    public string Describe() =>
        Invariant($"{Elapsed.TotalSeconds:F1} s, {Requests} requests, {Errors} errors")
        + (JitShare is not { } share ? "" : Settled ? Invariant($", JIT settled ({share:P1} of a core)") : Invariant($", JIT still {share:P1} of a core at the cap"));
}
