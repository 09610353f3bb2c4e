using System.Globalization;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// Parameters of one run. Every load loop is bounded twice: by a request count and by a time
/// (<see cref="PhaseCap"/> for the loops that are defined by a count).
/// </summary>
public sealed record BenchOptions
{
    public const string Usage = """
        Usage: bench.sh [options]
          --warmup N             warm-up requests per target and round (default 300)
          --rate N               fixed-rate phase: requests per second (default 500)
          --seconds S            fixed-rate phase: duration in seconds (default 8)
          --workers N            max-throughput phase: concurrent closed-loop workers (default 32)
          --throughput-seconds S max-throughput phase: duration in seconds (default 8)
          --max-requests N       max-throughput phase: request cap per target (default 300000)
          --sequential-requests N  sequential phase: non-streaming requests one at a time per target (default 300)
          --stream-requests N    streaming phase: sequential stream requests per target (default 300)
          --timeout S            per-request timeout in seconds; a slower request is an error (default 5)
          --rounds N             every phase runs for every target N times; the last round is reported (default 2)
          --no-cluster           skip the PostgreSQL-backed gateway (no RC_TEST_POSTGRES needed)
        """;

    public int WarmUpRequests { get; init; } = 300;

    public int Rate { get; init; } = 500;

    public TimeSpan RateDuration { get; init; } = TimeSpan.FromSeconds(8);

    public int Workers { get; init; } = 32;

    public TimeSpan ThroughputDuration { get; init; } = TimeSpan.FromSeconds(8);

    public int ThroughputMaxRequests { get; init; } = 300_000;

    public int SequentialRequests { get; init; } = 300;

    public int StreamRequests { get; init; } = 300;

    public int Rounds { get; init; } = 2;

    public bool Cluster { get; init; } = true;

    /// <summary>Per request: a request still unanswered after this counts as an error.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time bound of the loops defined by a count (warm-up, streaming).</summary>
    public TimeSpan PhaseCap { get; init; } = TimeSpan.FromSeconds(30);

    public int FixedRateRequests => (int)Math.Round(Rate * RateDuration.TotalSeconds);

    /// <summary>Null when the arguments are invalid; <paramref name="error"/> then says why (empty for --help).</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, out string error)
    {
        var options = new BenchOptions();
        error = "";
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                return null;
            }

            if (name == "--no-cluster")
            {
                options = options with { Cluster = false };
                continue;
            }

            if (i + 1 >= args.Count || !double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                error = $"`{name}` needs a positive number after it.";
                return null;
            }

            i++;
            switch (name)
            {
                case "--warmup": options = options with { WarmUpRequests = (int)value }; break;
                case "--rate": options = options with { Rate = (int)value }; break;
                case "--seconds": options = options with { RateDuration = TimeSpan.FromSeconds(value) }; break;
                case "--workers": options = options with { Workers = (int)value }; break;
                case "--throughput-seconds": options = options with { ThroughputDuration = TimeSpan.FromSeconds(value) }; break;
                case "--max-requests": options = options with { ThroughputMaxRequests = (int)value }; break;
                case "--sequential-requests": options = options with { SequentialRequests = (int)value }; break;
                case "--stream-requests": options = options with { StreamRequests = (int)value }; break;
                case "--timeout": options = options with { RequestTimeout = TimeSpan.FromSeconds(value) }; break;
                case "--rounds": options = options with { Rounds = (int)value }; break;
                default:
                    error = $"Unknown option `{name}`.";
                    return null;
            }
        }

        int[] counts = [options.WarmUpRequests, options.Rate, options.Workers, options.ThroughputMaxRequests, options.SequentialRequests, options.StreamRequests, options.Rounds];
        if (counts.Any(c => c < 1) || options.FixedRateRequests is < 1 or > 2_000_000 || options.Workers > 1024 || options.Rounds > 10
            || options.RateDuration > TimeSpan.FromMinutes(10) || options.RequestTimeout > TimeSpan.FromMinutes(1) || options.ThroughputDuration > TimeSpan.FromMinutes(10))
        {
            error = "Out of range: counts must be whole numbers >= 1, rate x seconds must be 1..2,000,000, workers <= 1024, rounds <= 10, durations <= 10 minutes, timeout <= 60 s.";
            return null;
        }

        return options;
    }
}
