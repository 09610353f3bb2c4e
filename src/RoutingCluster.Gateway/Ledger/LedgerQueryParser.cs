using System.Globalization;
using RoutingCluster.Ledger;

namespace RoutingCluster.Gateway.Ledger;

/// <summary>
/// Reads <c>?limit=&amp;role=&amp;status=&amp;since=</c> of <c>GET /admin/requests</c> into a
/// <see cref="LedgerQuery"/>. Every bad value is reported at once, each naming the parameter, the
/// value and what is accepted.
/// </summary>
public static class LedgerQueryParser
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    /// <returns>The query, or null with <paramref name="errors"/> saying what is wrong.</returns>
    public static LedgerQuery? Parse(IQueryCollection query, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var limit = DefaultLimit;
        if (Value(query, "limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            problems.Add($"limit `{limitText}` is not a whole number from 1 to {MaxLimit} (default {DefaultLimit}).");
        }

        var status = Value(query, "status");
        if (status is not null && !IsStatus(status))
        {
            problems.Add($"status `{status}` is neither an HTTP status (100-599) nor a class such as `4xx` or `5xx`.");
        }

        DateTimeOffset? since = null;
        if (Value(query, "since") is { } sinceText)
        {
            if (DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                since = parsed;
            }
            else
            {
                problems.Add($"since `{sinceText}` is not an ISO 8601 time such as `2026-01-01T12:00:00Z`.");
            }
        }

        errors = problems;
        return problems.Count == 0 ? new LedgerQuery(limit, Value(query, "role"), status?.ToLowerInvariant(), since) : null;
    }

    private static bool IsStatus(string value) =>
        (value.Length == 3 && value[0] is >= '1' and <= '5' && value.EndsWith("xx", StringComparison.OrdinalIgnoreCase))
        || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var exact) && exact is >= 100 and <= 599);

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrWhiteSpace(values[^1]) ? values[^1]!.Trim() : null;
}
