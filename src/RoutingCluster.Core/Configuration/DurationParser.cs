using System.Globalization;

namespace RoutingCluster.Configuration;

/// <summary>
/// Durations as users write them in the config: one number (integer or decimal) and one unit
/// (<c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>, <c>w</c>), e.g. <c>250ms</c>, <c>1.5h</c>, <c>7d</c>.
/// Combinations such as <c>1h30m</c> are not accepted. Zero (<c>0s</c>) parses, so that
/// <see cref="Format"/> round-trips every non-negative span; callers that need a positive
/// span check that themselves and say so in their error message.
/// </summary>
public static class DurationParser
{
    /// <summary>The accepted units, largest first; also used in error messages.</summary>
    public const string UnitList = "w (weeks), d (days), h (hours), m (minutes), s (seconds), ms (milliseconds)";

    // Largest first: on an exact tie (same length, both whole) Format keeps the larger unit.
    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("w", TimeSpan.TicksPerDay * 7),
        ("d", TimeSpan.TicksPerDay),
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
        ("ms", TimeSpan.TicksPerMillisecond),
    ];

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var digits = 0;
        while (digits < text.Length && (char.IsAsciiDigit(text[digits]) || text[digits] == '.'))
        {
            digits++;
        }

        var number = text[..digits];
        var unit = text[digits..];
        if (!IsPlainNumber(number) || !TryGetUnitTicks(unit, out var unitTicks))
        {
            return false;
        }

        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        try
        {
            var ticks = decimal.Round(amount * unitTicks, MidpointRounding.AwayFromZero);
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }

            value = TimeSpan.FromTicks((long)ticks);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>The shortest text <see cref="TryParse"/> reads back as exactly <paramref name="value"/>.</summary>
    public static string Format(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        string? best = null;
        foreach (var (unit, unitTicks) in Units)
        {
            var amount = (decimal)value.Ticks / unitTicks;
            if (amount * unitTicks != value.Ticks)
            {
                continue; // not exactly representable in this unit (e.g. 1h in weeks)
            }

            var text = amount.ToString("0.############################", CultureInfo.InvariantCulture) + unit;
            // Shortest wins; on a tie a whole number reads better (250ms, not 0.25s).
            if (best is null || text.Length < best.Length || (text.Length == best.Length && IsFraction(best) && !IsFraction(text)))
            {
                best = text;
            }
        }

        // Every tick count is exact in milliseconds (a tick is 0.0001ms), so best is set.
        return best!;
    }

    private static bool IsFraction(string text) => text.Contains('.', StringComparison.Ordinal);

    private static bool IsPlainNumber(string number)
    {
        var dot = number.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return number.Length > 0;
        }

        // One dot with digits on both sides: "1.5", not ".5", "5." or "1.2.3".
        return dot > 0 && dot < number.Length - 1 && number.IndexOf('.', dot + 1) < 0;
    }

    private static bool TryGetUnitTicks(string unit, out long ticks)
    {
        foreach (var (name, unitTicks) in Units)
        {
            if (string.Equals(name, unit, StringComparison.Ordinal))
            {
                ticks = unitTicks;
                return true;
            }
        }

        ticks = 0;
        return false;
    }
}
