namespace RoutingCluster.Entities;

/// <summary>
/// Requests and tokens a credential grain may admit past its last persisted state (hi/lo blocks).
/// A block is a tenth of the tightest declared window limit, and at least what the request at
/// hand needs: the grain writes about once per tenth of a window, and after a crash under-uses the
/// key by at most one block for one window.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record Allowance([property: Id(0)] long Requests, [property: Id(1)] long Tokens)
{
    /// <summary>Share of the tightest limit taken per block.</summary>
    public const double BlockShare = 0.1;

    public static readonly Allowance None = new(0, 0);

    /// <summary>True when admitting <paramref name="requests"/> and <paramref name="tokens"/> on top of
    /// <paramref name="used"/> stays within this allowance for every kind of limit declared.</summary>
    public bool Covers(CredentialLimits limits, Allowance used, long requests, long tokens) =>
        (!LimitsRequests(limits) || used.Requests + requests <= Requests)
        && (!LimitsTokens(limits) || used.Tokens + tokens <= Tokens);

    /// <summary>The next block for these limits, large enough for a request reserving <paramref name="tokens"/>.</summary>
    public static Allowance Block(CredentialLimits limits, long tokens)
    {
        long? requestLimit = null;
        long? tokenLimit = null;
        foreach (var window in limits.Windows)
        {
            requestLimit = Min(requestLimit, window.Requests);
            tokenLimit = Min(tokenLimit, window.Tokens);
        }

        return new(
            requestLimit is { } r ? Math.Max(1, (long)Math.Ceiling(r * BlockShare)) : 0,
            tokenLimit is { } t ? Math.Max(tokens, (long)Math.Ceiling(t * BlockShare)) : 0);
    }

    /// <summary>True when some window limits requests or tokens, so admitting needs an allowance at all.</summary>
    public static bool Needed(CredentialLimits limits) => LimitsRequests(limits) || LimitsTokens(limits);

    public Allowance Plus(long requests, long tokens) => new(Requests + requests, Tokens + Math.Max(0, tokens));

    private static bool LimitsRequests(CredentialLimits limits) => limits.Windows.Any(w => w.Requests is not null);

    private static bool LimitsTokens(CredentialLimits limits) => limits.Windows.Any(w => w.Tokens is not null);

    private static long? Min(long? current, long? candidate) =>
        candidate is not { } value ? current : current is { } existing ? Math.Min(existing, value) : value;
}
