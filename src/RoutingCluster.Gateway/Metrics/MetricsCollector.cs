using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace RoutingCluster.Gateway.Metrics;

/// <summary>
/// Listens to the instruments of one <see cref="GatewayMetrics"/> meter and keeps what Prometheus
/// scrapes: a running sum per tag set for counters, fixed cumulative buckets (the instrument's
/// advised boundaries), sum and count per tag set for histograms.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Aggregate> _aggregates = new();

    public MetricsCollector(GatewayMetrics metrics)
    {
        var meter = metrics.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument, _aggregates.GetOrAdd(instrument, Aggregate.For));
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((Aggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((Aggregate)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Writes every instrument that has recorded something, ordered by name.</summary>
    public void Write(PrometheusText text)
    {
        foreach (var aggregate in _aggregates.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            aggregate.Write(text);
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>The Prometheus name of an instrument: dots to underscores, the unit as a suffix
    /// (<c>s</c> becomes <c>_seconds</c>, <c>USD</c> <c>_usd</c>, annotations like <c>{token}</c> none)
    /// and <c>_total</c> for counters.</summary>
    public static string PrometheusName(string name, string? unit, bool counter)
    {
        var result = name.Replace('.', '_').Replace('-', '_');
        var suffix = unit switch
        {
            "s" => "seconds",
            "ms" => "milliseconds",
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

    private sealed class Aggregate(string name, string help, double[]? bounds)
    {
        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);

        public string Name { get; } = name;

        public static Aggregate For(Instrument instrument)
        {
            double[]? bounds = instrument switch
            {
                Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray() ?? DefaultBuckets,
                Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray() ?? DefaultBuckets,
                _ => null,
            };
            var name = PrometheusName(instrument.Name, instrument.Unit, counter: bounds is null);
            return new Aggregate(name, instrument.Description ?? instrument.Name, bounds);
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = new KeyValuePair<string, string>[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                labels[i] = new(tags[i].Key, tags[i].Value?.ToString() ?? "");
            }

            Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var key = new StringBuilder();
            foreach (var (labelName, labelValue) in labels)
            {
                key.Append(labelName).Append('\u0001').Append(labelValue).Append('\u0002');
            }

            _series.GetOrAdd(key.ToString(), _ => new Series(labels, bounds)).Add(value);
        }

        public void Write(PrometheusText text)
        {
            if (_series.IsEmpty)
            {
                return;
            }

            text.Family(Name, bounds is null ? "counter" : "histogram", help);
            foreach (var (_, series) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                series.Write(text, Name, bounds);
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
