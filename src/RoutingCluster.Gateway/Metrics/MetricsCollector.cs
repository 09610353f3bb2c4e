using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace RoutingCluster.Gateway.Metrics;

/// <summary>
/// Listens to the instruments of the gateway's <see cref="GatewayMetrics"/> meter and of Orleans'
/// own meter (<see cref="OrleansMeter"/>), and keeps what Prometheus scrapes: a running sum per tag
/// set for counters, fixed cumulative buckets (the instrument's advised boundaries), sum and count
/// per tag set for histograms, the last value (observable instruments, read at each scrape) or the
/// running sum (up-down counters) for gauges. Orleans' series are capped per instrument
/// (<see cref="MaxOrleansSeries"/>), so no tag of its can explode the exposition.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>The name of the meter Orleans records its silo, messaging, grain and membership instruments on.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Series kept per Orleans instrument; measurements of further tag sets are not kept.</summary>
    public const int MaxOrleansSeries = 100;

    private readonly MeterListener _listener = new();
    // By Prometheus name: Orleans may publish one instrument more than once (one family, one HELP line).
    private readonly ConcurrentDictionary<string, Aggregate> _aggregates = new(StringComparer.Ordinal);

    public MetricsCollector(GatewayMetrics metrics)
    {
        var meter = metrics.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument, AggregateOf(instrument, null));
            }
            else if (instrument.Meter.Name == OrleansMeter)
            {
                listener.EnableMeasurementEvents(instrument, AggregateOf(instrument, MaxOrleansSeries));
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((Aggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((Aggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((Aggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((Aggregate)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Writes every instrument that has recorded something, ordered by name.</summary>
    public void Write(PrometheusText text)
    {
        // Observable instruments report only when asked: their last values are the scrape's.
        _listener.RecordObservableInstruments();
        foreach (var aggregate in _aggregates.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            aggregate.Write(text);
        }
    }

    public void Dispose() => _listener.Dispose();

    private Aggregate AggregateOf(Instrument instrument, int? maxSeries)
    {
        var aggregate = Aggregate.For(instrument, maxSeries);
        return _aggregates.GetOrAdd(aggregate.Name, aggregate);
    }

    /// <summary>The Prometheus name of an instrument: dots to underscores, the unit as a suffix
    /// (<c>s</c> becomes <c>_seconds</c>, <c>USD</c> <c>_usd</c>, annotations like <c>{token}</c> none)
    /// and <c>_total</c> for counters.</summary>
    public static string PrometheusName(string name, string? unit, bool counter)
    {
        var result = name.Replace('.', '_').Replace('-', '_');
        if (BaseUnitOf(result, unit) is { } converted)
        {
            // Prometheus wants base units: milliseconds become seconds, megabytes bytes (see ScaleOf).
            result = converted.Name;
            unit = converted.Unit;
        }

        var suffix = unit switch
        {
            "s" => "seconds",
            "By" => "bytes",
            "USD" => "usd",
            "1" or "" or null => null,
            _ when unit.StartsWith('{') => null,
            _ => unit.ToLowerInvariant(),
        };
        if (suffix is not null && !result.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            result += "_" + suffix;
        }

        return counter && !result.EndsWith("_total", StringComparison.Ordinal) ? result + "_total" : result;
    }

    /// <summary>The factor that turns an instrument's values into its Prometheus base unit (1 when already in one).</summary>
    public static double ScaleOf(string name, string? unit) =>
        BaseUnitOf(name.Replace('.', '_').Replace('-', '_'), unit) is { } converted ? converted.Scale : 1;

    /// <summary>Instruments in milliseconds or megabytes (some of Orleans' carry the unit in their name too).</summary>
    private static (string Name, string Unit, double Scale)? BaseUnitOf(string name, string? unit)
    {
        if (unit == "ms" || name.EndsWith("_ms", StringComparison.Ordinal))
        {
            return (Strip(Strip(name, "_ms"), "_milliseconds"), "s", 0.001);
        }

        if (unit is "MB" or "MiB" || name.EndsWith("_mb", StringComparison.Ordinal))
        {
            return (Strip(name, "_mb"), "By", 1024 * 1024);
        }

        return null;

        static string Strip(string text, string suffix) => text.EndsWith(suffix, StringComparison.Ordinal) ? text[..^suffix.Length] : text;
    }

    /// <summary>
    /// One instrument's series, keyed by their label set in label-name order. Recording into an
    /// existing series allocates nothing: the key is assembled on the stack and looked up as a span.
    /// </summary>
    private sealed class Aggregate
    {
        private const int StackKeyChars = 512;
        private const char NameEnd = '\u0001';
        private const char ValueEnd = '\u0002';

        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Series>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
        private readonly string _help;
        private readonly double[]? _bounds;
        private readonly SeriesKind _kind;
        private readonly int? _maxSeries;
        private readonly double _scale;

        private Aggregate(string name, string help, double[]? bounds, SeriesKind kind, int? maxSeries, double scale)
        {
            Name = name;
            _help = help;
            _bounds = bounds;
            _kind = kind;
            _maxSeries = maxSeries;
            _scale = scale;
            _bySpan = _series.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public string Name { get; }

        /// <param name="maxSeries">Null: every tag set is kept (the gateway's own, bounded by design).</param>
        public static Aggregate For(Instrument instrument, int? maxSeries)
        {
            var definition = instrument.GetType().GetGenericTypeDefinition();
            var kind = definition == typeof(Histogram<>) ? SeriesKind.Histogram
                : definition == typeof(Counter<>) ? SeriesKind.Counter
                : definition == typeof(ObservableCounter<>) ? SeriesKind.ObservedCounter
                : definition == typeof(UpDownCounter<>) ? SeriesKind.UpDown
                : SeriesKind.Gauge;
            double[]? bounds = kind != SeriesKind.Histogram ? null : instrument switch
            {
                Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray() ?? DefaultBuckets,
                Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray() ?? DefaultBuckets,
                Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray() ?? DefaultBuckets,
                _ => DefaultBuckets,
            };
            var name = PrometheusName(instrument.Name, instrument.Unit, counter: kind is SeriesKind.Counter or SeriesKind.ObservedCounter);
            var scale = ScaleOf(instrument.Name, instrument.Unit);
            if (scale != 1 && bounds is not null)
            {
                bounds = [.. bounds.Select(b => b * scale)];
            }

            return new Aggregate(name, instrument.Description ?? instrument.Name, bounds, kind, maxSeries, scale);
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            // Label order: by name, so the same labels given in any order land in the same series.
            Span<int> order = tags.Length <= 32 ? stackalloc int[tags.Length] : new int[tags.Length];
            var length = 0;
            for (var i = 0; i < tags.Length; i++)
            {
                var position = i;
                while (position > 0 && string.CompareOrdinal(tags[order[position - 1]].Key, tags[i].Key) > 0)
                {
                    order[position] = order[position - 1];
                    position--;
                }

                order[position] = i;
                length += tags[i].Key.Length + Text(tags[i].Value).Length + 2;
            }

            char[]? rented = null;
            var key = length <= StackKeyChars ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length)).AsSpan(0, length);
            var written = 0;
            foreach (var index in order)
            {
                written += Append(key[written..], tags[index].Key, NameEnd);
                written += Append(key[written..], Text(tags[index].Value), ValueEnd);
            }

            if (!_bySpan.TryGetValue(key, out var series) && _series.Count >= _maxSeries)
            {
                // A tag set past the cap: not kept, so one noisy instrument cannot flood the scrape.
                if (rented is not null)
                {
                    ArrayPool<char>.Shared.Return(rented);
                }

                return;
            }

            if (series is null)
            {
                var labels = new KeyValuePair<string, string>[tags.Length];
                for (var i = 0; i < order.Length; i++)
                {
                    labels[i] = new(tags[order[i]].Key, Text(tags[order[i]].Value));
                }

                series = _series.GetOrAdd(new string(key), static (_, state) => new Series(state.Labels, state.Bounds), (Labels: labels, Bounds: _bounds));
            }

            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }

            value *= _scale;
            if (_kind is SeriesKind.Gauge or SeriesKind.ObservedCounter)
            {
                series.Set(value);
            }
            else
            {
                series.Add(value);
            }
        }

        private static string Text(object? value) => value as string ?? value?.ToString() ?? "";

        private static int Append(Span<char> destination, string text, char end)
        {
            text.CopyTo(destination);
            destination[text.Length] = end;
            return text.Length + 1;
        }

        public void Write(PrometheusText text)
        {
            if (_series.IsEmpty)
            {
                return;
            }

            text.Family(Name, _kind switch
            {
                SeriesKind.Histogram => "histogram",
                SeriesKind.Counter or SeriesKind.ObservedCounter => "counter",
                _ => "gauge",
            }, _help);
            foreach (var (_, series) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                series.Write(text, Name, _bounds);
            }
        }
    }

    private sealed class Series(KeyValuePair<string, string>[] labels, double[]? bounds)
    {
        private readonly Lock _gate = new();
        private readonly long[] _buckets = new long[bounds?.Length ?? 0];
        private double _sum;
        private long _count;

        public void Add(double value)
        {
            lock (_gate)
            {
                _sum += value;
                _count++;
                if (bounds is null)
                {
                    return;
                }

                for (var i = 0; i < bounds.Length; i++)
                {
                    if (value <= bounds[i])
                    {
                        _buckets[i]++;
                        break;
                    }
                }
            }
        }

        /// <summary>Replaces the value: an observed total or a gauge's reading.</summary>
        public void Set(double value)
        {
            lock (_gate)
            {
                _sum = value;
                _count++;
            }
        }

        public void Write(PrometheusText text, string name, double[]? histogramBounds)
        {
            double sum;
            long count;
            long[] buckets;
            lock (_gate)
            {
                sum = _sum;
                count = _count;
                buckets = (long[])_buckets.Clone();
            }

            if (histogramBounds is null)
            {
                text.Sample(name, labels, sum);
                return;
            }

            long cumulative = 0;
            for (var i = 0; i < histogramBounds.Length; i++)
            {
                cumulative += buckets[i];
                text.Sample(name + "_bucket", labels, cumulative, "le", PrometheusText.Number(histogramBounds[i]));
            }

            text.Sample(name + "_bucket", labels, count, "le", "+Inf");
            text.Sample(name + "_sum", labels, sum);
            text.Sample(name + "_count", labels, count);
        }
    }
}
