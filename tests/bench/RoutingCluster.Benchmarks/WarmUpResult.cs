using static System.FormattableString;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// One warm-up of a gateway start. <see cref="Settled"/>: its JIT time per second stayed below the
/// settle share before the cap (always true when the options do not wait for it).
/// </summary>
/// <param name="JitShare">The highest JIT time per second of a process over the last probe (null when not probed).</param>
public sealed record WarmUpResult(string Target, int Requests, int Errors, TimeSpan Elapsed, bool Settled, double? JitShare)
{
    public string Describe() =>
        Invariant($"{Elapsed.TotalSeconds:F1} s, {Requests} requests, {Errors} errors")
        + (JitShare is not { } share ? "" : Settled ? Invariant($", JIT settled ({share * 1000:F0} ms per s)") : Invariant($", JIT still {share * 1000:F0} ms per s at the cap"));
}
