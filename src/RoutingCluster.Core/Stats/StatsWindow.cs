using System.Globalization;
using System.Text.RegularExpressions;

namespace RoutingCluster.Stats;

/// <summary>
/// Reads the <c>since</c> of a stats window: an ISO 8601 instant (<c>2025-06-01T12:00:00Z</c>; no
/// offset means UTC) or a duration back from now made of number-unit pairs (<c>90s</c>, <c>15m</c>,
/// <c>1h</c>, <c>1h30m</c>, <c>7d</c>, <c>2w</c>).
/// </summary>
public static partial class StatsWindow
{
    public static readonly TimeSpan DefaultLookback = TimeSpan.FromHours(24);

    public const string Help = "use an ISO 8601 time such as 2025-06-01T12:00:00Z or a duration such as 90s, 15m, 1h, 1h30m, 7d, 2w";

    /// <returns>The start of the window, or null with <paramref name="error"/> set.</returns>
    public static DateTimeOffset? ParseSince(string? text, DateTimeOffset now, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return now - DefaultLookback;
        }

        text = text.Trim();
        if (TryParseDuration(text, out var duration))
        {
            return now - duration;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            && char.IsDigit(text[0]))
        {
            return instant;
        }

        error = $"`since` value `{text}` is neither a time nor a duration; {Help}";
        return null;
    }

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (!DurationPattern().IsMatch(text))
        {
            return false;
        }

        foreach (Match part in DurationPart().Matches(text))
        {
            if (!long.TryParse(part.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 1_000_000)
            {
                return false;
            }

            duration += part.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(7 * amount),
            };
        }

        return true;
    }

    [GeneratedRegex("^([0-9]+[smhdw])+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex("([0-9]+)([smhdw])")]
    private static partial Regex DurationPart();
}
