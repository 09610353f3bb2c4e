namespace RoutingCluster.Stats;

/// <summary>
/// Arithmetic that stops at the type's bounds instead of throwing or wrapping, for sums over what
/// the ledger holds: records written by older versions or read back from PostgreSQL may carry any
/// figure, and one absurd record must not make every report fail.
/// </summary>
public static class Saturating
{
    public static long Add(long a, long b)
    {
        var sum = unchecked(a + b);
        // Overflow: both operands have the same sign and the sum has the other one.
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? long.MinValue : long.MaxValue) : sum;
    }

    public static decimal Add(decimal a, decimal b)
    {
        if (b > 0 && a > decimal.MaxValue - b)
        {
            return decimal.MaxValue;
        }

        if (b < 0 && a < decimal.MinValue - b)
        {
            return decimal.MinValue;
        }

        return a + b;
    }

    public static decimal Subtract(decimal a, decimal b) => Add(a, -b);

    public static decimal Multiply(long count, decimal factor)
    {
        var magnitude = Math.Abs(factor);
        // |count| < 1e19 always fits; the product overflows only when the factor is above 1 and large.
        if (magnitude <= 1 || Math.Abs((decimal)count) <= decimal.MaxValue / magnitude)
        {
            return count * factor;
        }

        return (count < 0) == (factor < 0) ? decimal.MaxValue : decimal.MinValue;
    }

    public static long Sum<T>(IEnumerable<T> items, Func<T, long> figure)
    {
        var total = 0L;
        foreach (var item in items)
        {
            total = Add(total, figure(item));
        }

        return total;
    }

    public static decimal Sum<T>(IEnumerable<T> items, Func<T, decimal> figure)
    {
        var total = 0m;
        foreach (var item in items)
        {
            total = Add(total, figure(item));
        }

        return total;
    }
}
