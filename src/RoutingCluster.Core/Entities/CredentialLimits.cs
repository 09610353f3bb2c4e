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
