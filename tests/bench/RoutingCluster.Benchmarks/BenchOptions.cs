using System.Globalization;

namespace RoutingCluster.Benchmarks;

/// <summary>How much to measure: a smoke (seconds, proves the harness runs), quick (a few minutes) or full.</summary>
public enum BenchMode
{
    Smoke,
    Quick,
    Full,
}

/// <summary>
/// Parameters of one run, from a mode preset plus overrides. Every load loop is bounded twice: by a
/// request count and by a time (<see cref="PhaseCap"/> for the loops that are defined by a count).
/// </summary>
public sealed record BenchOptions
{
    public const string Usage = """
        Usage: bench.sh [--quick | --smoke] [options]
          (default)              full run: open loop at 500, 1000 and 2000 req/s, closed loop with 32 and 128 connections
          --quick                a few minutes: open loop at 500 req/s only, shorter phases
          --smoke                a few seconds, tiny counts: checks the harness runs end to end (timings meaningless)
          --slow-upstream        the mock waits 50 ms before answering and streams 10 chunks 10 ms apart
          --json PATH            where to write the JSON report (default artifacts/bench/latest.json)
          --no-cluster           skip the PostgreSQL-backed gateways (no RC_TEST_POSTGRES needed)
          --no-wrk               closed loop with the harness's own client even when wrk is installed
          --rates A,B            open-loop rates in requests/s
          --seconds S            open-loop phase duration in seconds
          --warmup S             every gateway start is warmed up at least S seconds (quick: 1, full: 15),
                                 then until every node spends under 20 ms per second in the JIT (at most 90 s)
          --warmup-cap S         the longest a warm-up waits for the JIT to settle, in seconds (at most 600)
          --no-settle            warm up for the count and the minimum only, not until the JIT settles
          --connections A,B      closed-loop connection counts
          --rounds N             every phase runs for every target N times; the last round is reported
          --timeout S            per-request timeout in seconds; a slower request is an error (default 5)
        """;

    public BenchMode Mode { get; init; } = BenchMode.Full;

    public int WarmUpRequests { get; init; } = 1000;

    /// <summary>
    /// A warm-up also lasts at least this long (within <see cref="PhaseCap"/>): a gateway process started
    /// for one phase needs time, not just calls, for the runtime to recompile its hot paths optimized
    /// (profiled on this kind of machine: the JIT still took about a tenth of a fresh cluster node's CPU
    /// 5 to 10 s after its start, none after 30 s; a warm node served about twice the requests per
    /// second of one 5 s old). Quick mode keeps 1 s and says so.
    /// </summary>
    public TimeSpan WarmUpMinDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// After its minimum, a warm-up goes on until every process of the target spends less than this
    /// share of a second per second in the JIT, three seconds in a row (null: do not wait for it). A
    /// cluster node started for one phase is otherwise measured while the runtime still compiles its
    /// hot paths (profiled 2026-12-03: a fresh node's tiered compilation took 20-50% of its CPU 10-25 s
    /// after its start).
    /// </summary>
    public double? WarmUpSettledJitShare { get; init; } = 0.02;

    /// <summary>The longest a warm-up lasts, settled or not (the report says which).</summary>
    public TimeSpan WarmUpCap { get; init; } = TimeSpan.FromSeconds(90);

    public IReadOnlyList<int> Rates { get; init; } = [500, 1000, 2000];

    public TimeSpan RateDuration { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<int> Connections { get; init; } = [32, 128];

    public TimeSpan ThroughputDuration { get; init; } = TimeSpan.FromSeconds(8);

    public int ThroughputMaxRequests { get; init; } = 500_000;

    public int SequentialRequests { get; init; } = 300;

    /// <summary>Streams in flight at once (closed loop); streams also run one at a time, <see cref="SequentialRequests"/> of them.</summary>
    public int StreamConcurrency { get; init; } = 128;

    public int StreamRequests { get; init; } = 1280;

    /// <summary>The gateway as its own process for its memory: open-loop rate and duration.</summary>
    public int MemoryRate { get; init; } = 1000;

    public TimeSpan MemoryDuration { get; init; } = TimeSpan.FromSeconds(10);

    public int Rounds { get; init; } = 2;

    /// <summary>
    /// Whether the one-node cluster's database work is counted at every open-loop rate too (else only
    /// one at a time): each counted phase waits for PostgreSQL's idle counter report (~13 s).
    /// </summary>
    public bool CountDatabaseAtEveryRate { get; init; } = true;

    /// <summary>
    /// Whether every cluster phase starts on fresh nodes and a fresh database (else the clusters are
    /// started once per round, like the embedded gateway: a smoke, where only the path matters).
    /// </summary>
    public bool FreshClusterPerPhase { get; init; } = true;

    public bool Cluster { get; init; } = true;

    public bool SlowUpstream { get; init; }

    /// <summary>Run the closed loop with the own client even when wrk is there (to compare the two).</summary>
    public bool NoWrk { get; init; }

    public string JsonPath { get; init; } = Path.Combine("artifacts", "bench", "latest.json");

    /// <summary>Per request: a request still unanswered after this counts as an error.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time bound of the loops defined by a count (warm-up, sequential, streaming).</summary>
    public TimeSpan PhaseCap { get; init; } = TimeSpan.FromSeconds(30);

    public int FixedRateRequests(int rate) => (int)Math.Round(rate * RateDuration.TotalSeconds);

    public static BenchOptions Quick => new()
    {
        Mode = BenchMode.Quick,
        WarmUpRequests = 300,
        WarmUpMinDuration = TimeSpan.FromSeconds(1),
        Rates = [500],
        RateDuration = TimeSpan.FromSeconds(4),
        ThroughputDuration = TimeSpan.FromSeconds(2),
        SequentialRequests = 150,
        StreamRequests = 256,
        MemoryDuration = TimeSpan.FromSeconds(4),
        Rounds = 1,
        CountDatabaseAtEveryRate = false,
    };

    public static BenchOptions Smoke => new()
    {
        Mode = BenchMode.Smoke,
        WarmUpRequests = 10,
        WarmUpMinDuration = TimeSpan.Zero,
        WarmUpSettledJitShare = null,
        WarmUpCap = TimeSpan.FromSeconds(10),
        Rates = [50],
        RateDuration = TimeSpan.FromSeconds(0.5),
        Connections = [4],
        ThroughputDuration = TimeSpan.FromSeconds(0.5),
        SequentialRequests = 5,
        StreamConcurrency = 4,
        StreamRequests = 8,
        MemoryRate = 50,
        MemoryDuration = TimeSpan.FromSeconds(0.5),
        Rounds = 1,
        CountDatabaseAtEveryRate = false,
        FreshClusterPerPhase = false,
        PhaseCap = TimeSpan.FromSeconds(10),
    };

    /// <summary>Null when the arguments are invalid; <paramref name="error"/> then says why (empty for --help).</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, out string error)
    {
        error = "";
        var options = args.Contains("--smoke") ? Smoke : args.Contains("--quick") ? Quick : new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "--help" or "-h": return null;
                case "--smoke" or "--quick": continue;
                case "--no-cluster": options = options with { Cluster = false }; continue;
                case "--slow-upstream": options = options with { SlowUpstream = true }; continue;
                case "--no-wrk": options = options with { NoWrk = true }; continue;
                case "--no-settle": options = options with { WarmUpSettledJitShare = null }; continue;
            }

            if (i + 1 >= args.Count)
            {
                error = $"`{name}` needs a value after it.";
                return null;
            }

            var value = args[++i];
            var parsed = name switch
            {
                "--json" => options with { JsonPath = value },
                "--rates" => List(value) is { } rates ? options with { Rates = rates } : null,
                "--connections" => List(value) is { } connections ? options with { Connections = connections } : null,
                "--seconds" => Number(value) is { } s ? options with { RateDuration = TimeSpan.FromSeconds(s) } : null,
                "--warmup" => Number(value) is { } w ? options with { WarmUpMinDuration = TimeSpan.FromSeconds(w) } : null,
                "--warmup-cap" => Number(value) is { } c and <= 600 ? options with { WarmUpCap = TimeSpan.FromSeconds(c) } : null,
                "--rounds" => Number(value) is { } r ? options with { Rounds = (int)r } : null,
                "--timeout" => Number(value) is { } t ? options with { RequestTimeout = TimeSpan.FromSeconds(t) } : null,
                _ => null,
            };
            if (parsed is null)
            {
                error = $"Unknown option `{name}`, or `{value}` is not a valid value for it.";
                return null;
            }

            options = parsed;
        }

        if (options.Rates.Any(r => options.FixedRateRequests(r) is < 1 or > 2_000_000) || options.Connections.Any(c => c > 1024)
            || options.Rounds is < 1 or > 10 || options.RateDuration > TimeSpan.FromMinutes(10) || options.RequestTimeout > TimeSpan.FromMinutes(1))
        {
            error = "Out of range: rate x seconds must be 1..2,000,000, connections <= 1024, rounds 1..10, seconds <= 600, timeout <= 60 s.";
            return null;
        }

        return options;
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;

    private static int[]? List(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var values = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : 0).ToArray();
        return values.Length > 0 && values.All(v => v > 0) ? values : null;
    }
}
