namespace RoutingCluster.Entities;

/// <summary>
/// How long a credential cools down after what an upstream said: <see cref="WithoutHint"/> after a
/// 429 that named no time, and never longer than <see cref="MaxLearnedWait"/> from now whatever the
/// headers asked (an HTTP date in the year 9999, a reset weeks away). This is the one place the cap
/// is applied: to the cooldown and to the learned observation the credential keeps.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record CooldownPolicy([property: Id(0)] TimeSpan WithoutHint, [property: Id(1)] TimeSpan MaxLearnedWait)
{
    /// <summary>The cap when the provider sets no <c>maxLearnedWait</c>.</summary>
    public static readonly TimeSpan DefaultMaxLearnedWait = TimeSpan.FromHours(1);

    /// <summary>The cooldown after an attempt that ended as <paramref name="kind"/> with
    /// <paramref name="observed"/> headers; null when it calls for none.</summary>
    public LearnedCooldown? Decide(RateLimitObservation observed, OutcomeKind kind, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var exhausted = observed.ExhaustedUntil(now);
        if (kind == OutcomeKind.RateLimited)
        {
            const string Reason = "upstream answered 429";
            return (observed.RetryAt ?? exhausted) is { } asked
                ? Learned(asked, now, Reason)
                : new LearnedCooldown(now + WithoutHint, now + WithoutHint, Reason);
        }

        if (exhausted is { } until)
        {
            return Learned(until, now, "upstream reports no remaining quota");
        }

        return observed.RetryAt is { } retry && retry > now ? Learned(retry, now, "upstream asked to retry later") : null;
    }

    /// <summary>The observation with every time later than the cap moved back to the cap; past times stay.</summary>
    public RateLimitObservation Cap(RateLimitObservation observed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var latest = Latest(now);
        var capped = observed with
        {
            RetryAt = Earlier(observed.RetryAt, latest),
            RequestsResetAt = Earlier(observed.RequestsResetAt, latest),
            TokensResetAt = Earlier(observed.TokensResetAt, latest),
        };
        return capped == observed ? observed : capped;
    }

    private LearnedCooldown Learned(DateTimeOffset asked, DateTimeOffset now, string reason) =>
        new(Earlier(asked, Latest(now)), asked, reason);

    /// <summary>Now plus the cap, saturating at the largest time (a huge configured cap must not throw).</summary>
    private DateTimeOffset Latest(DateTimeOffset now) =>
        DateTimeOffset.MaxValue - now <= MaxLearnedWait ? DateTimeOffset.MaxValue : now + MaxLearnedWait;

    private static DateTimeOffset Earlier(DateTimeOffset time, DateTimeOffset latest) => time > latest ? latest : time;

    private static DateTimeOffset? Earlier(DateTimeOffset? time, DateTimeOffset latest) => time > latest ? latest : time;
}
