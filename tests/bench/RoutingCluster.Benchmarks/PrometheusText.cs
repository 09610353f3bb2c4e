using System.Globalization;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// Reads a node's <c>/metrics</c> page (Prometheus text format): each metric's value, summed over
/// its series. Every series the gateway exports carries labels (at least <c>otel_scope_name</c>),
/// so a series is matched by the name before its label set.
/// </summary>
public static class PrometheusText
{
    public static Dictionary<string, double> Totals(string text)
    {
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var labels = line.IndexOf('{');
            var nameEnd = labels >= 0 && labels < space ? labels : space;
            if (space <= 0 || !double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var name = line[..nameEnd].ToString();
            totals[name] = totals.GetValueOrDefault(name) + value;
        }

        return totals;
    }
}
