using System.Globalization;

namespace RoutingCluster.Configuration;

/// <summary>
/// Sizes as users write them (config values, environment variables, command-line options): a whole
/// number of bytes (<c>4194304</c>), or a whole number and a binary unit (<c>512KiB</c>, <c>4MiB</c>,
/// <c>1GiB</c>; <c>B</c> for bytes). Units are case-sensitive; no space, no fraction.
/// </summary>
public static class ByteSizeParser
{
    /// <summary>The accepted units; also used in error messages.</summary>
    public const string UnitList = "B, KiB, MiB, GiB (or a plain number of bytes)";

    // Largest first, so Format picks the largest exact unit.
    private static readonly (string Unit, long Bytes)[] Units =
    [
        ("GiB", 1024L * 1024 * 1024),
        ("MiB", 1024L * 1024),
        ("KiB", 1024L),
        ("B", 1L),
    ];

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        var unit = text[digits..];
        var multiplier = 1L;
        if (unit.Length > 0 && !TryGetUnit(unit, out multiplier))
        {
            return false;
        }

        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        if (amount > long.MaxValue / multiplier)
        {
            return false;
        }

        bytes = amount * multiplier;
        return true;
    }

    /// <summary>The size in the largest unit that holds it exactly: <c>4MiB</c>, <c>1536KiB</c>, <c>100B</c>.</summary>
    public static string Format(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        foreach (var (unit, size) in Units)
        {
            if (bytes >= size && bytes % size == 0)
            {
                return (bytes / size).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return "0B";
    }

    private static bool TryGetUnit(string unit, out long bytes)
    {
        foreach (var (name, size) in Units)
        {
            if (string.Equals(name, unit, StringComparison.Ordinal))
            {
                bytes = size;
                return true;
            }
        }

        bytes = 0;
        return false;
    }
}
