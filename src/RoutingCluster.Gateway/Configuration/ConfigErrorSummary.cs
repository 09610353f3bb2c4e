using System.Globalization;
using System.Text;
using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Configuration;

/// <summary>
/// Config errors as the running gateway logs them: the first <see cref="Shown"/>, each cut at
/// <see cref="MaxLineChars"/> characters, then how many more there are. A file with a million bad
/// keys makes one short log entry; the <c>check</c> verb still lists every error in full.
/// </summary>
public static class ConfigErrorSummary
{
    public const int Shown = 20;

    public const int MaxLineChars = 1000;

    /// <summary>One line per error shown (indented by two spaces), then <c>and N more</c> when some were left out.</summary>
    public static string Format(IReadOnlyList<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var text = new StringBuilder();
        for (var i = 0; i < Math.Min(Shown, errors.Count); i++)
        {
            var line = errors[i].ToString();
            if (i > 0)
            {
                text.Append('\n');
            }

            text.Append("  ").Append(line.Length <= MaxLineChars ? line : string.Concat(line.AsSpan(0, MaxLineChars), "..."));
        }

        if (errors.Count > Shown)
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"  ... and {errors.Count - Shown} more; run `check` to list every one");
        }

        return text.ToString();
    }
}
