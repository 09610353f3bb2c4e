using System.Globalization;

namespace RoutingCluster.Ledger;

/// <summary>The role and status filters of a <see cref="LedgerQuery"/>, shared by every ledger.</summary>
public static class LedgerFilter
{
    public static bool Matches(LedgerRecord record, LedgerQuery query) =>
        (query.Role is null || record.Role == query.Role)
        && (query.Status is not { } status || StatusMatches(record.Status, status))
        && (query.Since is not { } since || record.Time >= since)
        && (query.Tenant is null || record.Tenant == query.Tenant);

    /// <summary><c>429</c> matches exactly; <c>4xx</c> matches the class.</summary>
    public static bool StatusMatches(int actual, string wanted) =>
        wanted.Length == 3 && wanted.EndsWith("xx", StringComparison.OrdinalIgnoreCase)
            ? actual / 100 == wanted[0] - '0'
            : int.TryParse(wanted, NumberStyles.Integer, CultureInfo.InvariantCulture, out var exact) && actual == exact;
}
