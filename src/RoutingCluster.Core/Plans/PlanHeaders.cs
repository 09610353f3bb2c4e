using System.Collections.Immutable;
using System.Globalization;

namespace RoutingCluster.Plans;

/// <summary>
/// Reads what a response says of a subscription plan's usage:
/// <list type="bullet">
/// <item>Anthropic's unified headers: <c>anthropic-ratelimit-unified-status</c>, <c>-reset</c>,
/// <c>-representative-claim</c>, and per window (<c>5h</c>, <c>7d</c>, <c>overage</c>)
/// <c>anthropic-ratelimit-unified-{w}-utilization</c> (fraction 0..1), <c>-{w}-reset</c> (epoch seconds)
/// and <c>-{w}-status</c>;</item>
/// <item>the Codex plan headers <c>x-codex-{primary,secondary}-used-percent</c> (0..100),
/// <c>-window-minutes</c>, <c>-reset-at</c> (epoch seconds) and <c>-reset-after-seconds</c>, a window
/// being named by its length (300 minutes: <c>5h</c>, 10080: <c>7d</c>; <c>primary</c> or
/// <c>secondary</c> when the length is not sent);</item>
/// <item>a generic mapping from the config (header, window, what it carries, scale).</item>
/// </list>
/// A value that is not a number, not finite, below zero, far above a full window, or a reset further
/// than <see cref="LongestReset"/> away is ignored and named in <see cref="PlanHeaderRead.Ignored"/>
/// (for a log line); it never throws and never yields an out-of-range figure.
/// </summary>
public static class PlanHeaders
{
    /// <summary>A reset further ahead than this is garbage (the longest plan window is a week; a month leaves room).</summary>
    public static readonly TimeSpan LongestReset = TimeSpan.FromDays(31);

    /// <summary>A used share up to this many full windows is read as exhausted (1); above it, as garbage.</summary>
    private const double MostOverFull = 1.5;

    private const string Unified = "anthropic-ratelimit-unified-";

    private static readonly string[] UnifiedWindows = ["5h", "7d", "overage"];

    private static readonly string[] CodexWindows = ["primary", "secondary"];

    public static PlanHeaderRead Parse(Func<string, string?> header, IReadOnlyList<PlanHeaderMapping> mapping, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(mapping);
        var reader = new Reader(header, now);
        var windows = ImmutableArray.CreateBuilder<PlanWindowReading>();
        foreach (var name in UnifiedWindows)
        {
            reader.Add(windows, new PlanWindowReading(
                name,
                reader.Fraction(Unified + name + "-utilization", 1),
                reader.Epoch(Unified + name + "-reset"),
                reader.Word(Unified + name + "-status")));
        }

        foreach (var which in CodexWindows)
        {
            var prefix = "x-codex-" + which + "-";
            var reset = reader.Epoch(prefix + "reset-at") ?? reader.After(prefix + "reset-after-seconds");
            reader.Add(windows, new PlanWindowReading(CodexName(reader, prefix + "window-minutes") ?? which, reader.Fraction(prefix + "used-percent", 100), reset));
        }

        foreach (var group in mapping.GroupBy(m => m.Window, StringComparer.Ordinal))
        {
            var reading = new PlanWindowReading(group.Key);
            foreach (var entry in group)
            {
                reading = entry.Value switch
                {
                    PlanHeaderValue.Utilization => reading with { Utilization = reader.Fraction(entry.Header, entry.Scale) ?? reading.Utilization },
                    PlanHeaderValue.ResetEpochSeconds => reading with { ResetAt = reader.Epoch(entry.Header) ?? reading.ResetAt },
                    PlanHeaderValue.ResetAfterSeconds => reading with { ResetAt = reader.After(entry.Header) ?? reading.ResetAt },
                    _ => reading with { ResetAt = reader.Time(entry.Header) ?? reading.ResetAt },
                };
            }

            reader.Add(windows, reading);
        }

        var status = reader.Word(Unified + "status");
        var observation = new PlanObservation(
            windows.ToImmutable(),
            status,
            reader.Epoch(Unified + "reset"),
            reader.Word(Unified + "representative-claim"),
            LimitReached: status == "rejected");
        return new PlanHeaderRead(observation.IsEmpty ? null : observation, reader.Ignored);
    }

    /// <summary>A window length in minutes as a name: whole days as <c>7d</c>, whole hours as <c>5h</c>, else minutes.</summary>
    public static string WindowName(long minutes) =>
        minutes % 1440 == 0 ? $"{minutes / 1440}d"
        : minutes % 60 == 0 ? $"{minutes / 60}h"
        : $"{minutes}m";

    private static string? CodexName(Reader reader, string name) =>
        reader.Whole(name, 1, 60L * 24 * 31) is { } minutes ? WindowName(minutes) : null;

    private sealed class Reader(Func<string, string?> header, DateTimeOffset now)
    {
        public List<string> Ignored { get; } = [];

        public void Add(ImmutableArray<PlanWindowReading>.Builder windows, PlanWindowReading reading)
        {
            if (reading.Utilization is not null || reading.ResetAt is not null || reading.Status is not null)
            {
                windows.Add(reading);
            }
        }

        public double? Fraction(string name, double scale)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)
                || scale <= 0 || value < 0 || value / scale > MostOverFull)
            {
                return Ignore<double?>(name, text);
            }

            return Math.Min(1, value / scale);
        }

        public DateTimeOffset? Epoch(string name)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
                && seconds >= 0 && seconds < 253_402_300_799
                ? Bounded(name, text, DateTimeOffset.UnixEpoch.AddSeconds(seconds))
                : Ignore<DateTimeOffset?>(name, text);
        }

        public DateTimeOffset? After(string name)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
                && seconds >= 0 && seconds <= LongestReset.TotalSeconds
                ? now.AddSeconds(seconds)
                : Ignore<DateTimeOffset?>(name, text);
        }

        public DateTimeOffset? Time(string name)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? Bounded(name, text, time)
                : Ignore<DateTimeOffset?>(name, text);
        }

        public long? Whole(string name, long least, long most)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= least && value <= most
                ? value
                : Ignore<long?>(name, text);
        }

        /// <summary>A status word: letters, digits and underscores, at most 32 of them, read in lower case (anything else is garbage).</summary>
        public string? Word(string name)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            var word = text.ToLowerInvariant();
            return word.Length <= 32 && word.All(c => c is (>= 'a' and <= 'z') or '_' or (>= '0' and <= '9'))
                ? word
                : Ignore<string>(name, text);
        }

        private DateTimeOffset? Bounded(string name, string text, DateTimeOffset time) =>
            time - now > LongestReset ? Ignore<DateTimeOffset?>(name, text) : time;

        private string? Text(string name)
        {
            var text = header(name)?.Trim();
            return string.IsNullOrEmpty(text) ? null : text;
        }

        /// <summary>Notes an ignored value and answers "nothing" of the reader's type.</summary>
        private T? Ignore<T>(string name, string text)
        {
            Note(name, text);
            return default;
        }

        private void Note(string name, string text) =>
            Ignored.Add($"{name}: {(text.Length > 40 ? text[..40] + "..." : text)}");
    }
}
