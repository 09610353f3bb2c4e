using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Ledger;
using RoutingCluster.Routing;
using RoutingCluster.Gateway.Wire;
using RoutingCluster.Stats;

namespace RoutingCluster.Gateway.Ledger;

/// <summary>
/// Gathers what happens to one request as the front door handles it, and turns it into the
/// ledger record once the request ends — whichever way it ends, so every request that reached
/// the node is recorded.
/// </summary>
public sealed class RequestRecorder(string id, DateTimeOffset time, string node, string frontDoor)
{
    public string Id => id;

    public string Tenant { get; set; } = "";

    public string GatewayKey { get; set; } = "";

    /// <summary>The tenant policy that filtered the plan, when one did.</summary>
    public string? Policy { get; set; }

    public string RequestedModel { get; set; } = "";

    public bool Stream { get; set; }

    public RouteTarget? Target { get; set; }

    /// <summary>How routing ended, once the executor returned.</summary>
    public RouteOutcome? Outcome { get; set; }

    public TokenUsage? Usage { get; set; }

    public int Status { get; private set; } = 500;

    public string LedgerOutcome { get; private set; } = LedgerOutcomes.Failed;

    public string? Error { get; private set; }

    /// <summary>The code of the error the gateway answered itself (e.g. <c>invalid_api_key</c>), when it did.</summary>
    public string? ErrorCode { get; private set; }

    public void Finish(int status, string outcome, string? error = null, string? errorCode = null)
    {
        Status = status;
        LedgerOutcome = outcome;
        Error = error;
        ErrorCode = errorCode;
    }

    public LedgerRecord ToRecord(double durationMs)
    {
        var served = Outcome switch
        {
            RouteOutcome.Answered answered => answered.Served,
            RouteOutcome.Rejected rejected => rejected.Served,
            _ => null,
        };
        var attempts = Outcome?.Attempts.Select(a => new LedgerAttempt(
            a.Candidate.Model.Id, a.Candidate.Model.UpstreamModel, a.Candidate.Provider.Id, a.Candidate.Credential.Id, a.Status,
            a.Served ? (LedgerOutcome == LedgerOutcomes.Success ? "Success" : LedgerOutcome) : a.Outcome.ToString(),
            a.Latency.TotalMilliseconds, a.TimeToFirstByte?.TotalMilliseconds, a.Detail,
            a.RetryAt, a.Cooldown?.Capped ?? false, a.Cooldown is { Capped: true } capped ? capped.Asked : null)).ToList() ?? [];
        var skipped = Outcome?.Skipped.Select(s => new LedgerSkip(s.Candidate.Model.Id, s.Candidate.Credential.Id, s.Reason.ToString(), s.Detail, s.RetryAt)).ToList() ?? [];
        // Bounded by the serving model: the ledger, the stats and the metrics all read these figures.
        var usage = served is null ? Usage ?? default : (Usage ?? default).ClampedTo(served.Model);
        return new LedgerRecord(
            id, time, node, Tenant, frontDoor, RequestedModel, Target?.Role, Target?.Reason, skipped, attempts, LedgerOutcome, Status,
            served?.Model.Id, served?.Provider.Id, served?.Credential.Id,
            usage.Input, usage.Output, usage.CacheRead, served is null ? 0 : Cost(served.Model, usage), Stream, durationMs, Error)
        {
            GatewayKey = GatewayKey,
            Policy = Policy,
            ErrorCode = ErrorCode,
        };
    }

    /// <summary>USD for a usage at a model's prices (per million tokens); cached input is priced as input.
    /// Saturates at the bounds of <see cref="decimal"/> rather than throwing.</summary>
    public static decimal Cost(ModelDefinition model, TokenUsage usage) =>
        Saturating.Add(Saturating.Multiply(usage.Input, model.InputPricePerMillion), Saturating.Multiply(usage.Output, model.OutputPricePerMillion)) / 1_000_000m;
}
