using RoutingCluster.Entities;
using RoutingCluster.Gateway.Wire;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// How one request's walk ended, immutable once returned. Every attempt in <see cref="Attempts"/>
/// is already settled. <see cref="Answered"/> and <see cref="Rejected"/> were written to the
/// client through the sink; for <see cref="Failed"/> nothing was
/// written and the front door answers with an error in the client's format.
/// </summary>
public abstract record RouteOutcome(IReadOnlyList<AttemptRecord> Attempts, IReadOnlyList<SkippedCandidate> Skipped)
{
    /// <summary>An upstream's answer was relayed; <paramref name="End"/> says whether it reached its end
    /// (<see cref="OutcomeKind.Success"/>), broke after its first byte, or was cut by the deadline or the client.</summary>
    public sealed record Answered(
        Candidate Served, int Status, OutcomeKind End, TokenUsage? Usage, TimeSpan Elapsed,
        IReadOnlyList<AttemptRecord> Attempts, IReadOnlyList<SkippedCandidate> Skipped) : RouteOutcome(Attempts, Skipped);

    /// <summary>An upstream 4xx about the request itself, rebuilt in the client's format (no failover).</summary>
    public sealed record Rejected(
        Candidate Served, int Status, IReadOnlyList<AttemptRecord> Attempts, IReadOnlyList<SkippedCandidate> Skipped) : RouteOutcome(Attempts, Skipped);

    /// <summary>No upstream answered (<see cref="RouteFailureKind.DeadlineExceeded"/> when the request's token fired:
    /// its deadline passed, or the caller went away).</summary>
    public sealed record Failed(
        RouteFailure Failure, IReadOnlyList<AttemptRecord> Attempts, IReadOnlyList<SkippedCandidate> Skipped) : RouteOutcome(Attempts, Skipped);
}
