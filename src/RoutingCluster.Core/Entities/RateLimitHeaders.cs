using System.Globalization;

namespace RoutingCluster.Entities;

/// <summary>
/// Reads the rate-limit headers upstreams send: <c>retry-after</c> (seconds or HTTP date),
/// <c>retry-after-ms</c>, and <c>x-ratelimit-{limit,remaining,reset}-{requests,tokens}</c> whose
/// reset is a duration such as <c>1s</c>, <c>6m0s</c>, <c>20ms</c> or an absolute RFC 3339 time;
/// and Anthropic's <c>anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}</c>
/// (RFC 3339 resets), where the token family closest to exhaustion stands for "tokens".
/// Times are read as sent, however far away (a relative wait too large for a date saturates at the
/// largest one): bounding them is <see cref="CooldownPolicy"/>'s job, per provider, in one place.
/// </summary>
public static class RateLimitHeaders
{
    /// <summary>Anthropic's token families, each as its (remaining, reset, limit) header names.</summary>
    private static readonly (string Remaining, string Reset, string Limit)[] AnthropicTokenFamilies =
    [
        .. ((string[])["tokens", "input-tokens", "output-tokens"]).Select(family =>
            ($"anthropic-ratelimit-{family}-remaining", $"anthropic-ratelimit-{family}-reset", $"anthropic-ratelimit-{family}-limit")),
    ];

    public static RateLimitObservation Parse(Func<string, string?> header, DateTimeOffset now)
    {
        var observation = new RateLimitObservation(
            RetryAt: RetryAt(header, now),
            RemainingRequests: Number(header("x-ratelimit-remaining-requests")),
            RequestsResetAt: ResetAt(header("x-ratelimit-reset-requests"), now),
            RemainingTokens: Number(header("x-ratelimit-remaining-tokens")),
            TokensResetAt: ResetAt(header("x-ratelimit-reset-tokens"), now),
            LimitRequests: Number(header("x-ratelimit-limit-requests")),
            LimitTokens: Number(header("x-ratelimit-limit-tokens")));
        if (observation.RemainingRequests is null && header("anthropic-ratelimit-requests-remaining") is not null)
        {
            observation = observation with
            {
                RemainingRequests = Number(header("anthropic-ratelimit-requests-remaining")),
                RequestsResetAt = ResetAt(header("anthropic-ratelimit-requests-reset"), now),
                LimitRequests = Number(header("anthropic-ratelimit-requests-limit")),
            };
        }

        if (observation.RemainingTokens is null && TightestAnthropicTokens(header, now) is { } tokens)
        {
            observation = observation with { RemainingTokens = tokens.Remaining, TokensResetAt = tokens.ResetAt, LimitTokens = tokens.Limit };
        }

        return observation.IsEmpty ? RateLimitObservation.Empty : observation;
    }

    /// <summary>Of Anthropic's token families, the one with the fewest remaining (the later reset on a tie).</summary>
    private static (long Remaining, DateTimeOffset? ResetAt, long? Limit)? TightestAnthropicTokens(Func<string, string?> header, DateTimeOffset now)
    {
        (long Remaining, DateTimeOffset? ResetAt, long? Limit)? tightest = null;
        foreach (var family in AnthropicTokenFamilies)
        {
            if (Number(header(family.Remaining)) is not { } remaining)
            {
                continue;
            }

            var reset = ResetAt(header(family.Reset), now);
            if (tightest is not { } best || remaining < best.Remaining || (remaining == best.Remaining && reset > best.ResetAt))
            {
                tightest = (remaining, reset, Number(header(family.Limit)));
            }
        }

        return tightest;
    }

    private static DateTimeOffset? RetryAt(Func<string, string?> header, DateTimeOffset now)
    {
        if (double.TryParse(header("retry-after-ms"), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && IsWaitMs(ms))
        {
            return After(now, ms);
        }

        var text = header("retry-after");
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && IsWaitMs(seconds * 1000))
        {
            return After(now, seconds * 1000);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
    }

    private static long? Number(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : null;

    private static DateTimeOffset? ResetAt(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (TryParseGoDurationMs(text.AsSpan().Trim(), out var milliseconds))
        {
            return After(now, milliseconds);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
    }

    /// <summary>Parses <c>1h2m3.5s</c>, <c>20ms</c>, <c>6m0s</c>, or a bare number of seconds.</summary>
    /// <remarks>A duration too long for <see cref="TimeSpan"/> saturates at its largest value.</remarks>
    internal static bool TryParseGoDuration(ReadOnlySpan<char> text, out TimeSpan duration)
    {
        var ok = TryParseGoDurationMs(text, out var milliseconds);
        duration = !ok ? TimeSpan.Zero
            : milliseconds >= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.MaxValue
            : TimeSpan.FromMilliseconds(milliseconds);
        return ok;
    }

    /// <summary>Like <see cref="TryParseGoDuration"/>, in milliseconds, unbounded.</summary>
    private static bool TryParseGoDurationMs(ReadOnlySpan<char> text, out double totalMs)
    {
        totalMs = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
        {
            totalMs = bare * 1000;
            return IsWaitMs(totalMs);
        }

        while (!text.IsEmpty)
        {
            var digits = 0;
            while (digits < text.Length && (char.IsAsciiDigit(text[digits]) || text[digits] == '.'))
            {
                digits++;
            }

            var units = digits;
            while (units < text.Length && char.IsAsciiLetter(text[units]))
            {
                units++;
            }

            if (digits == 0 || units == digits
                || !double.TryParse(text[..digits], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            double? scale = text[digits..units] switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                "us" => 0.001,
                "ns" => 0.000001,
                _ => null,
            };
            if (scale is null)
            {
                return false;
            }

            totalMs += amount * scale.Value;
            text = text[units..];
        }

        return IsWaitMs(totalMs);
    }

    /// <summary>
    /// Header values come from the upstream: a relative wait that is negative or not finite is
    /// garbage and ignored. A finite one of any length is taken (and capped later).
    /// </summary>
    private static bool IsWaitMs(double milliseconds) => milliseconds >= 0 && double.IsFinite(milliseconds);

    /// <summary><paramref name="now"/> plus a wait, saturating at the largest time instead of throwing.</summary>
    private static DateTimeOffset After(DateTimeOffset now, double milliseconds) =>
        milliseconds >= (DateTimeOffset.MaxValue - now).TotalMilliseconds ? DateTimeOffset.MaxValue : now.AddMilliseconds(milliseconds);
}
