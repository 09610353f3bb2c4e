using System.Diagnostics;
using RoutingCluster.Entities;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// Runs every phase for every target, phase by phase (so the targets of one phase run back to back
/// under the same conditions), for a number of rounds; the last round is the one reported, the
/// earlier ones warm the process up and show how much the numbers move between rounds. Before each
/// target's phase the system is let go quiet: no request in flight at the mock, no statement running
/// in the cluster database.
/// </summary>
public sealed class BenchRunner
{
    private const string Cluster = "cluster";
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan QuietCap = TimeSpan.FromSeconds(15);

    private readonly BenchOptions _options;
    private readonly BenchEnvironment _environment;
    private readonly LoadRunner _runner;
    private readonly PostgresCounters? _counters;
    private readonly TextWriter _progress;
    private readonly Dictionary<string, DbWork> _db = [];
    private readonly List<string> _notes = [];
    private (DbCounters Start, DbCounters End)? _idle;

    private BenchRunner(BenchOptions options, BenchEnvironment environment, LoadRunner runner, PostgresCounters? counters, TextWriter progress)
    {
        _options = options;
        _environment = environment;
        _runner = runner;
        _counters = counters;
        _progress = progress;
    }

    public static async Task<BenchReport> RunAsync(BenchOptions options, TextWriter progress)
    {
        var total = Stopwatch.StartNew();
        var loadBefore = LoadAverage();
        var memory = new MemoryLog();
        memory.Snapshot("process start");
        await using var environment = await BenchEnvironment.StartAsync(options, memory);
        await using var counters = environment.Database is null
            ? null
            : new PostgresCounters(environment.Database.ConnectionString, environment.ClusterDataSource!);
        using var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            // An overloaded target would otherwise get one connection per queued request (thousands),
            // which would then sit idle and weigh on the phases after it.
            MaxConnectionsPerServer = 256,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(15),
        };
        using var client = new HttpClient(handler) { Timeout = options.RequestTimeout };
        var runner = new LoadRunner(client, options, () => environment.Mock.Requests.Count);
        var bench = new BenchRunner(options, environment, runner, counters, progress);
        progress.WriteLine($"targets: {string.Join(", ", environment.Targets.Select(t => $"{t.Name} {t.ChatUrl}"))}");

        var rounds = new List<IReadOnlyList<TargetRound>>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            progress.WriteLine($"round {round}/{options.Rounds} ({total.Elapsed.TotalSeconds:F0} s elapsed)");
            rounds.Add(await bench.RoundAsync(round, last: round == options.Rounds));
        }

        await bench.SettleAsync();
        memory.Snapshot("after all rounds");
        var postgresVersion = counters is null ? null : await counters.ServerVersionAsync();
        progress.WriteLine($"done in {total.Elapsed.TotalSeconds:F0} s");
        return new BenchReport(
            options, rounds, bench._db, bench._notes, memory.Snapshots, postgresVersion, total.Elapsed, $"{loadBefore} at start, {LoadAverage()} at end");
    }

    private async Task<IReadOnlyList<TargetRound>> RoundAsync(int round, bool last)
    {
        foreach (var target in _environment.Targets)
        {
            await SettleAsync();
            var errors = await _runner.WarmUpAsync(target);
            _progress.WriteLine(
                $"  warm-up    {target.Name,-8} {_options.WarmUpRequests} requests, {errors} errors, upstream saw {_environment.Mock.Requests.Count}{Error()}");
        }

        if (last && _counters is not null)
        {
            await SettleAsync();
            var start = await _counters.ReadSettledAsync();
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            _idle = (start, await _counters.ReadSettledAsync());
        }

        var sequential = await PhaseAsync(round, "sequential", _runner.SequentialAsync,
            r => $"p50 {r.Latency.P50:F3} ms, p99 {r.Latency.P99:F3} ms, {r.Errors} errors",
            last ? r => r.Latency.Count : null);
        var stream = await PhaseAsync(round, "stream", _runner.StreamAsync,
            r => $"first byte p50 {r.FirstByte.P50:F3} ms, p99 {r.FirstByte.P99:F3} ms, {r.Errors} errors");
        var fixedRate = await PhaseAsync(round, "fixed-rate", _runner.FixedRateAsync,
            r => $"{r.Sent}/{r.Planned} sent, {r.Errors} errors, p50 {r.Latency.P50:F3} ms, p99 {r.Latency.P99:F3} ms, start lag p99 {r.StartLag.P99:F3} ms",
            last ? r => r.Sent - r.Errors : null);
        var throughput = await PhaseAsync(round, "max", _runner.ClosedLoopAsync,
            r => $"{r.RequestsPerSecond:F0} req/s ({r.Completed} in {r.Elapsed.TotalSeconds:F1} s), {r.CpuMicrosecondsPerRequest:F0} us CPU/request, {r.Errors} errors");
        return [.. _environment.Targets.Select(t => new TargetRound(t.Name, sequential[t], stream[t], fixedRate[t], throughput[t]))];
    }

    /// <param name="dbRequests">When set, the cluster database's counters are read around the cluster target's run.</param>
    private async Task<Dictionary<BenchTarget, T>> PhaseAsync<T>(
        int round, string phase, Func<BenchTarget, Task<T>> run, Func<T, string> describe, Func<T, int>? dbRequests = null)
    {
        var results = new Dictionary<BenchTarget, T>();
        foreach (var target in _environment.Targets)
        {
            await SettleAsync();
            var isCluster = target.Name == Cluster;
            var measureDb = isCluster && dbRequests is not null && _counters is not null && _idle is not null;
            var start = measureDb ? await _counters!.ReadSettledAsync() : null;
            using var watch = isCluster ? DegradedWatch.Start(_environment.ClusterStatus) : null;
            var result = await run(target);
            results[target] = result;
            var degraded = watch is not null && await watch.StopAsync();
            if (degraded)
            {
                _notes.Add($"round {round}, {phase}: the cluster gateway was in degraded mode (local decisions) at some point of the phase");
            }

            if (measureDb)
            {
                var end = await _counters!.ReadSettledAsync();
                _db[phase] = new DbWork(_idle!.Value.Start, _idle.Value.End, start!, end, dbRequests!(result));
            }

            _progress.WriteLine($"  {phase,-10} {target.Name,-8} {describe(result)}{(degraded ? " [degraded mode seen]" : "")}{Error()}");
        }

        return results;
    }

    /// <summary>
    /// Between phases: forget the mock's request log (it keeps every request it saw), collect, and wait
    /// (bounded) until the previous phase's work has drained, so each phase starts from the same state.
    /// </summary>
    private async Task SettleAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(QuietCap.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline
            && (_environment.Mock.InFlight > 0 || (_counters is not null && await _counters.ActiveStatementsAsync() > 0)))
        {
            await Task.Delay(100);
        }

        if (Stopwatch.GetTimestamp() >= deadline)
        {
            _notes.Add($"the system was not quiet {QuietCap.TotalSeconds:F0} s after a phase (requests in flight at the mock or statements running in the database)");
        }

        _environment.Mock.Reset();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        await Task.Delay(Pause);
    }

    /// <summary>The 1-minute load average: other work on the machine competes for the same cores.</summary>
    private static string LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) ? File.ReadAllText(path).Split(' ')[0] : "unknown";
    }

    private string Error() => _runner.TakeFirstError() is { } error ? $" (first error: {error})" : "";

    /// <summary>Samples the cluster gateway's degraded flag every 50 ms while a phase runs.</summary>
    private sealed class DegradedWatch : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<bool> _sampling;

        private DegradedWatch(IStoreStatus status) => _sampling = SampleAsync(status, _stop.Token);

        public static DegradedWatch? Start(IStoreStatus? status) => status is null ? null : new DegradedWatch(status);

        /// <summary>Whether degraded mode was seen at any sample (or now).</summary>
        public async Task<bool> StopAsync()
        {
            await _stop.CancelAsync();
            return await _sampling;
        }

        public void Dispose() => _stop.Dispose();

        private static async Task<bool> SampleAsync(IStoreStatus status, CancellationToken cancellationToken)
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            var seen = status.IsDegraded;
            try
            {
                while (!seen && await tick.WaitForNextTickAsync(cancellationToken))
                {
                    seen = status.IsDegraded;
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped: the phase is over.
            }

            return seen || status.IsDegraded;
        }
    }
}

/// <summary>What a run measured, for <see cref="MarkdownReport"/>.</summary>
/// <param name="Db">The cluster database's work per phase of the last round (<c>sequential</c>, <c>fixed-rate</c>).</param>
/// <param name="Notes">Anything that makes a number less trustworthy (degraded mode, a phase that did not drain).</param>
public sealed record BenchReport(
    BenchOptions Options,
    IReadOnlyList<IReadOnlyList<TargetRound>> Rounds,
    IReadOnlyDictionary<string, DbWork> Db,
    IReadOnlyList<string> Notes,
    IReadOnlyList<MemorySnapshot> Memory,
    string? PostgresVersion,
    TimeSpan Duration,
    string LoadAverage);
