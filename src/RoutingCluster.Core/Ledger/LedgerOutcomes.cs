namespace RoutingCluster.Ledger;

/// <summary>The values of <see cref="LedgerRecord.Outcome"/>.</summary>
public static class LedgerOutcomes
{
    /// <summary>An upstream answered and the answer reached the client.</summary>
    public const string Success = "success";
    /// <summary>Refused before routing: bad body, unknown model, wrong key, too large.</summary>
    public const string Rejected = "rejected";
    /// <summary>Every candidate was at a limit (429).</summary>
    public const string RateLimited = "rate_limited";
    /// <summary>Every attempt failed, nothing was available, the deadline passed, or the stream broke.</summary>
    public const string Failed = "failed";
    /// <summary>The upstream refused the request itself (4xx passed back).</summary>
    public const string UpstreamRejected = "upstream_rejected";
    /// <summary>The client went away before the answer finished.</summary>
    public const string Cancelled = "cancelled";
}
