using RoutingCluster.Ledger;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Ledger;

/// <summary>Compares ledger records by value, lists included (records compare lists by reference).</summary>
internal sealed class RecordComparer : IEqualityComparer<LedgerRecord>
{
    public static readonly RecordComparer Instance = new();

    public bool Equals(LedgerRecord? x, LedgerRecord? y) =>
        x is not null && y is not null
        && x.Skipped.SequenceEqual(y.Skipped) && x.Attempts.SequenceEqual(y.Attempts)
        && x == y with { Skipped = x.Skipped, Attempts = x.Attempts };

    public int GetHashCode(LedgerRecord obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
}

internal static class TupleAssert
{
    public static void ShouldBe<T>(this T actual, T expected) => Assert.Equal(expected, actual);
}
