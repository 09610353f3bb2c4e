using System.Globalization;
using System.Text;

namespace RoutingCluster.Gateway.Metrics;

/// <summary>Writes the Prometheus text exposition format 0.0.4.</summary>
public sealed class PrometheusText(StringBuilder output)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The <c># HELP</c> and <c># TYPE</c> lines that open a metric family.</summary>
    public void Family(string name, string type, string help)
    {
        output.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        output.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    public void Sample(string name, IReadOnlyList<KeyValuePair<string, string>> labels, double value, string? extraName = null, string? extraValue = null)
    {
        output.Append(name);
        if (labels.Count > 0 || extraName is not null)
        {
            output.Append('{');
            var first = true;
            foreach (var (key, labelValue) in labels)
            {
                Label(key, labelValue, ref first);
            }

            if (extraName is not null)
            {
                Label(extraName, extraValue ?? "", ref first);
            }

            output.Append('}');
        }

        output.Append(' ').Append(Number(value)).Append('\n');
    }

    /// <summary>A label value with <c>\</c>, <c>"</c> and line feeds escaped.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private void Label(string name, string value, ref bool first)
    {
        if (!first)
        {
            output.Append(',');
        }

        first = false;
        output.Append(name).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
    }
}
