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
    private const string Cluster = BenchEnvironment.Cluster1;
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
            : new PostgresCounters(environment.Database.ConnectionString, environment.ClusterDataSources);
        using var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            // An overloaded target would otherwise get one connection per queued request (thousands),
            // which would then sit idle and weigh on the phases after it.
            MaxConnectionsPerServer = 512,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(15),
        };
        using var client = new HttpClient(handler) { Timeout = options.RequestTimeout };
        var runner = new LoadRunner(client, options, () => environment.Mock.Received);
        var bench = new BenchRunner(options, environment, runner, counters, progress);
        progress.WriteLine($"targets: {string.Join(", ", environment.Targets.Select(t => $"{t.Name} {string.Join(" ", t.ChatUrls)}"))}");

        var rounds = new List<IReadOnlyList<TargetRound>>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            progress.WriteLine($"round {round}/{options.Rounds} ({total.Elapsed.TotalSeconds:F0} s elapsed)");
            rounds.Add(await bench.RoundAsync(round, last: round == options.Rounds));
        }

        await bench.SettleAsync();
        memory.Snapshot("after all rounds");
        progress.WriteLine($"gateway process: {options.MemoryRate} req/s for {options.MemoryDuration.TotalSeconds:F1} s ({total.Elapsed.TotalSeconds:F0} s elapsed)");
        var gatewayProcess = await bench.GatewayProcessAsync(runner);
        var postgresVersion = counters is null ? null : await counters.ServerVersionAsync();
        progress.WriteLine($"done in {total.Elapsed.TotalSeconds:F0} s");
        return new BenchReport(
            options, rounds, bench._db, bench._notes, memory.Snapshots, gatewayProcess, postgresVersion, environment.Mock.Describe(), total.Elapsed,
            $"{loadBefore} at start, {LoadAverage()} at end");
    }

    /// <summary>The embedded gateway as its own process: warm-up, then the open-loop phase sampled for memory.</summary>
    private async Task<MemoryResult> GatewayProcessAsync(LoadRunner runner)
    {
        await using var probe = await GatewayProcessProbe.StartAsync(_environment.EmbeddedConfigPath);
        var target = new BenchTarget("embedded-process", [probe.ChatUrl], "default", null, isGateway: true);
        var errors = await runner.WarmUpAsync(target);
        _progress.WriteLine($"  warm-up    {target.Name} {_options.WarmUpRequests} requests, {errors} errors{Error()}");
        await SettleAsync();
        var result = await probe.MeasureAsync(() => runner.FixedRateAsync(target, _options.MemoryRate, _options.MemoryDuration));
        _progress.WriteLine(
            $"  memory     {target.Name} RSS steady {result.RssSteadyMb:F1} MB, peak {result.RssPeakMb:F1} MB, p50 {result.Load.Latency.P50:F3} ms, {result.Load.Errors} errors{Error()}");
        return result;
    }

    private async Task<IReadOnlyList<TargetRound>> RoundAsync(int round, bool last)
    {
        foreach (var target in _environment.Targets)
        {
            await SettleAsync();
            var errors = await _runner.WarmUpAsync(target);
            _progress.WriteLine(
                $"  warm-up         {target.Name,-9} {_options.WarmUpRequests} requests, {errors} errors, upstream saw {_environment.Mock.Received}{Error()}");
        }

        if (last && _counters is not null && _options.Mode != BenchMode.Smoke)
        {
            await SettleAsync();
            var start = await _counters.ReadSettledAsync();
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            _idle = (start, await _counters.ReadSettledAsync());
        }

        var sequential = await PhaseAsync(round, "sequential", _runner.SequentialAsync,
            r => $"p50 {r.Latency.P50:F3} ms, p99 {r.Latency.P99:F3} ms, {r.Errors} errors",
            last ? r => r.Latency.Count : null);
        var streamOne = await PhaseAsync(round, "stream 1", t => _runner.StreamAsync(t, 1, _options.SequentialRequests),
            r => $"one at a time: first byte p50 {r.FirstByte.P50:F3} ms, p99 {r.FirstByte.P99:F3} ms, complete p50 {r.Complete.P50:F3} ms, {r.Errors} errors");
        var stream = await PhaseAsync(round, $"stream {_options.StreamConcurrency}", t => _runner.StreamAsync(t, _options.StreamConcurrency, _options.StreamRequests),
            r => $"{r.Concurrency} concurrent: first byte p50 {r.FirstByte.P50:F3} ms, p99 {r.FirstByte.P99:F3} ms, complete p50 {r.Complete.P50:F3} ms, {r.Errors} errors");
        var fixedRate = new Dictionary<int, Dictionary<BenchTarget, FixedRateResult>>();
        foreach (var rate in _options.Rates)
        {
            fixedRate[rate] = await PhaseAsync(round, $"fixed-rate {rate}", t => _runner.FixedRateAsync(t, rate),
                r => $"{r.Sent}/{r.Planned} sent, {r.Errors} errors, p50 {r.Latency.P50:F3} ms, p99 {r.Latency.P99:F3} ms, start lag p99 {r.StartLag.P99:F3} ms",
                last ? r => r.Sent - r.Errors : null);
        }

        var throughput = new Dictionary<int, Dictionary<BenchTarget, ThroughputResult>>();
        foreach (var connections in _options.Connections)
        {
            throughput[connections] = await PhaseAsync(round, $"max {connections}", t => _runner.ClosedLoopAsync(t, connections),
                r => $"{r.RequestsPerSecond:F0} req/s ({r.Completed} in {r.Elapsed.TotalSeconds:F1} s), {r.CpuMicrosecondsPerRequest:F0} us CPU/request, {r.Errors} errors");
        }

        return [.. _environment.Targets.Select(t => new TargetRound(
            t.Name,
            sequential[t],
            streamOne[t],
            stream[t],
            fixedRate.ToDictionary(p => p.Key, p => p.Value[t]),
            throughput.ToDictionary(p => p.Key, p => p.Value[t])))];
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
            var measureDb = isCluster && dbRequests is not null && _counters is not null && _idle is not null && _options.Mode != BenchMode.Smoke;
            var start = measureDb ? await _counters!.ReadSettledAsync() : null;
            using var watch = _environment.ClusterStatus.TryGetValue(target.Name, out var statuses) ? DegradedWatch.Start(statuses) : null;
            var result = await run(target);
            results[target] = result;
            var degraded = watch is not null && await watch.StopAsync();
            if (degraded)
            {
                _notes.Add($"round {round}, {phase}: {target.Name} was in degraded mode (local decisions) at some point of the phase");
            }

            if (measureDb)
            {
                var end = await _counters!.ReadSettledAsync();
                _db[phase] = new DbWork(_idle!.Value.Start, _idle.Value.End, start!, end, dbRequests!(result));
            }

            _progress.WriteLine($"  {phase,-15} {target.Name,-9} {describe(result)}{(degraded ? " [degraded mode seen]" : "")}{Error()}");
        }

        return results;
    }

    /// <summary>
    /// Between phases: collect, and wait
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

        private DegradedWatch(IStoreStatus[] statuses) => _sampling = SampleAsync(statuses, _stop.Token);

        public static DegradedWatch Start(IStoreStatus[] statuses) => new(statuses);

        /// <summary>Whether degraded mode was seen at any sample (or now).</summary>
        public async Task<bool> StopAsync()
        {
            await _stop.CancelAsync();
            return await _sampling;
        }

        public void Dispose() => _stop.Dispose();

        private static async Task<bool> SampleAsync(IStoreStatus[] statuses, CancellationToken cancellationToken)
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            var seen = statuses.Any(s => s.IsDegraded);
            try
            {
                while (!seen && await tick.WaitForNextTickAsync(cancellationToken))
                {
                    seen = statuses.Any(s => s.IsDegraded);
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped: the phase is over.
            }

            return seen || statuses.Any(s => s.IsDegraded);
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
    MemoryResult GatewayProcess,
    string? PostgresVersion,
    string Upstream,
    TimeSpan Duration,
    string LoadAverage);
