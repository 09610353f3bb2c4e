using System.Diagnostics;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// Runs every phase for every target, phase by phase (so the targets of one phase run back to back
/// under the same conditions), for a number of rounds; the last round is the one reported.
/// Gateways are processes of their own. The embedded gateway is started once per round. Each cluster
/// target starts clean for every phase: a fresh database, fresh node processes, a warm-up; after the
/// phase its nodes are killed and its database dropped, so an overloaded phase (database backlog, nodes
/// declared dead, leases held) cannot spoil the next one. While a cluster phase runs,
/// its nodes are watched (<see cref="ClusterWatch"/>) and a phase measured on an unhealthy cluster is
/// flagged in both reports instead of being mixed in silently.
/// </summary>
public sealed class BenchRunner
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan QuietCap = TimeSpan.FromSeconds(15);

    /// <summary>Idle window measured just before a counted phase, for the background rate.</summary>
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(2);

    /// <summary>How long the ledger rows of a cluster's warm-up may take to be written before its phase starts anyway.</summary>
    private static readonly TimeSpan LedgerCatchUpCap = TimeSpan.FromSeconds(30);

    private readonly BenchOptions _options;
    private readonly BenchEnvironment _environment;
    private readonly LoadRunner _runner;
    private readonly WrkClient? _wrk;
    private readonly HttpClient _admin;
    private readonly TextWriter _progress;
    private readonly Dictionary<string, DbWork> _db = [];
    private readonly List<string> _notes = [];
    private readonly List<WarmUpResult> _warmUps = [];
    private readonly Dictionary<string, RunningTarget> _shared = [];
    private readonly Dictionary<string, RunningTarget> _carried = [];

    private BenchRunner(BenchOptions options, BenchEnvironment environment, LoadRunner runner, WrkClient? wrk, HttpClient admin, TextWriter progress)
    {
        _options = options;
        _environment = environment;
        _runner = runner;
        _wrk = wrk;
        _admin = admin;
        _progress = progress;
    }

    public static async Task<BenchReport> RunAsync(BenchOptions options, TextWriter progress)
    {
        var total = Stopwatch.StartNew();
        var loadBefore = LoadAverage();
        var memory = new MemoryLog();
        memory.Snapshot("process start");
        await using var environment = await BenchEnvironment.StartAsync(options);
        memory.Snapshot("mock upstream started");
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
        using var admin = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var wrk = options.NoWrk ? null : WrkClient.Find(Path.GetDirectoryName(Path.GetFullPath(options.JsonPath)) ?? ".");
        var closedLoopClient = wrk?.Version
            ?? LoadRunner.OwnClient + (options.NoWrk ? ": --no-wrk" : ": wrk was not found (bench.sh installs it; RC_WRK or PATH)");
        progress.WriteLine($"closed loop client: {closedLoopClient}");
        var runner = new LoadRunner(client, options, () => environment.Mock.Received);
        var bench = new BenchRunner(options, environment, runner, wrk, admin, progress);
        progress.WriteLine($"targets: {string.Join(", ", environment.TargetNames)} (gateways as their own processes; clusters restarted on a fresh database for every phase)");

        var rounds = new List<IReadOnlyList<TargetRound>>();
        try
        {
            for (var round = 1; round <= options.Rounds; round++)
            {
                progress.WriteLine($"round {round}/{options.Rounds} ({total.Elapsed.TotalSeconds:F0} s elapsed)");
                rounds.Add(await bench.RoundAsync(round, last: round == options.Rounds));
            }

            await bench.SettleAsync();
            memory.Snapshot("after all rounds");
            progress.WriteLine($"gateway process: {options.MemoryRate} req/s for {options.MemoryDuration.TotalSeconds:F1} s ({total.Elapsed.TotalSeconds:F0} s elapsed)");
            var gatewayProcess = await bench.GatewayProcessAsync();
            var postgresVersion = options.Cluster ? await bench.PostgresVersionAsync() : null;
            progress.WriteLine($"done in {total.Elapsed.TotalSeconds:F0} s");
            return new BenchReport(
                options, rounds, bench._db, bench._notes, bench._warmUps, memory.Snapshots, gatewayProcess, postgresVersion, environment.Mock.Describe(), total.Elapsed,
                $"{loadBefore} at start, {LoadAverage()} at end", closedLoopClient);
        }
        finally
        {
            foreach (var running in bench._shared.Values.Concat(bench._carried.Values))
            {
                await running.DisposeAsync();
            }
        }
    }

    /// <summary>The embedded gateway as a fresh process: warm-up, then the open-loop phase sampled for memory.</summary>
    private async Task<MemoryResult> GatewayProcessAsync()
    {
        await using var running = await _environment.StartAsync(BenchEnvironment.Embedded);
        var probe = running.Nodes[0];
        var target = new BenchTarget("embedded-process", [probe.ChatUrl], "default", null, isGateway: true);
        var warmUp = await WarmUpAsync(running, target);
        _progress.WriteLine($"  warm-up    {target.Name} {warmUp.Describe()}{Error()}");
        await SettleAsync();
        var result = await probe.MeasureAsync(() => _runner.FixedRateAsync(target, _options.MemoryRate, _options.MemoryDuration));
        _progress.WriteLine(
            $"  memory     {target.Name} RSS steady {result.RssSteadyMb:F1} MB, peak {result.RssPeakMb:F1} MB, p50 {result.Load.Latency.P50:F3} ms, {result.Load.Errors} errors{Error()}");
        return result;
    }

    /// <summary>Warms a started target up (until its JIT settles, when the options ask for it) and keeps the result for the report.</summary>
    /// <remarks>
    /// A cluster's warm-up leaves ledger rows still to write (tens of thousands after a long warm-up):
    /// they are written before the phase, so a phase does not measure the database catching up.
    /// </remarks>
    private async Task<WarmUpResult> WarmUpAsync(RunningTarget running, BenchTarget target)
    {
        var result = await _runner.WarmUpAsync(target, async cancel => await Task.WhenAll(running.Nodes.Select(n => n.JitTimeAsync(_admin, cancel))));
        _warmUps.Add(result);
        if (running.Database is not null)
        {
            await using var watch = ClusterWatch.Start(_admin, running.Nodes);
            if (!await watch.WaitForLedgerAsync(LedgerCatchUpCap))
            {
                _notes.Add($"{target.Name}: the warm-up's ledger rows were not all written {LedgerCatchUpCap.TotalSeconds:F0} s after it; the next phase shares the database with them");
            }
        }

        return result;
    }

    private async Task<string?> PostgresVersionAsync()
    {
        await using var database = await Testing.PostgresTestDatabase.CreateAsync();
        await using var counters = new PostgresCounters(database.ConnectionString);
        return await counters.ServerVersionAsync();
    }

    private async Task<IReadOnlyList<TargetRound>> RoundAsync(int round, bool last)
    {
        // The targets that live for the whole round: direct (nothing to start), the embedded gateway, and
        // the clusters too when they are not restarted for every phase (smoke).
        foreach (var name in _environment.TargetNames.Where(n => !IsCluster(n) || !_options.FreshClusterPerPhase))
        {
            if (_shared.Remove(name, out var previous))
            {
                await previous.DisposeAsync();
            }

            var running = await _environment.StartAsync(name);
            _shared[name] = running;
            await SettleAsync();
            var warmUp = await WarmUpAsync(running, running.Target);
            _progress.WriteLine($"  warm-up           {name,-9} {warmUp.Describe()}{Error()}");
        }

        var health = _environment.TargetNames.ToDictionary(n => n, _ => new Dictionary<string, PhaseHealth>());
        // The two one-at-a-time phases cannot overload anything: they share one cluster start.
        var streamOne = await PhaseAsync(round, Phases.StreamOne, health, r => _runner.StreamAsync(r.Target, 1, _options.SequentialRequests),
            r => $"one at a time: first byte p50 {r.FirstByte.P50:F3} ms, p99 {r.FirstByte.P99:F3} ms, complete p50 {r.Complete.P50:F3} ms, {r.Errors} errors",
            carryOver: true);
        var sequential = await PhaseAsync(round, Phases.Sequential, health, r => _runner.SequentialAsync(r.Target),
            r => $"p50 {r.Latency.P50:F3} ms, p99 {r.Latency.P99:F3} ms, {r.Errors} errors",
            last ? r => r.Latency.Count : null);
        var stream = await PhaseAsync(round, Phases.Stream, health, r => _runner.StreamAsync(r.Target, _options.StreamConcurrency, _options.StreamRequests),
            r => $"{r.Concurrency} concurrent: first byte p50 {r.FirstByte.P50:F3} ms, p99 {r.FirstByte.P99:F3} ms, complete p50 {r.Complete.P50:F3} ms, {r.Errors} errors");
        var fixedRate = new Dictionary<int, Dictionary<string, FixedRateResult>>();
        foreach (var rate in _options.Rates)
        {
            fixedRate[rate] = await PhaseAsync(round, Phases.FixedRate(rate), health, r => _runner.FixedRateAsync(r.Target, rate),
                r => $"{r.Sent}/{r.Planned} sent, {r.Errors} errors, p50 {r.Latency.P50:F3} ms, p99 {r.Latency.P99:F3} ms, start lag p99 {r.StartLag.P99:F3} ms",
                last && _options.CountDatabaseAtEveryRate ? r => r.Sent - r.Errors : null);
        }

        var throughput = new Dictionary<int, Dictionary<string, ThroughputResult>>();
        foreach (var connections in _options.Connections)
        {
            throughput[connections] = await PhaseAsync(round, Phases.ClosedLoop(connections), health, r => ClosedLoopAsync(r, connections),
                r => $"{r.RequestsPerSecond:F0} req/s ({r.Completed} in {r.Elapsed.TotalSeconds:F1} s), gateway CPU {r.GatewayCpuMicrosecondsPerRequest:F0} us/request (background JIT {r.GatewayTieringCpuMicrosecondsPerRequest:F0}), mock CPU {r.MockCpuMicrosecondsPerRequest:F0} us/request, {r.Errors} errors");
        }

        return [.. _environment.TargetNames.Select(n => new TargetRound(
            n,
            sequential[n],
            streamOne[n],
            stream[n],
            fixedRate.ToDictionary(p => p.Key, p => p.Value[n]),
            throughput.ToDictionary(p => p.Key, p => p.Value[n]),
            health[n]))];
    }

    /// <summary>
    /// Max throughput with wrk (or the own client when wrk is missing), and the CPU time the kernel
    /// accounted to the target's processes over it; the mock's is this process's (nothing else runs
    /// here while wrk loads the target, except the health polls).
    /// </summary>
    private async Task<ThroughputResult> ClosedLoopAsync(RunningTarget running, int connections)
    {
        var self = Environment.ProcessId;
        var gateway = running.CpuTime;
        var tiering = running.TieringCpuTime;
        var mock = ProcStat.Cpu(self) ?? TimeSpan.Zero;
        var result = _wrk is null
            ? await _runner.ClosedLoopAsync(running.Target, connections)
            : await _wrk.RunAsync(running.Target, connections, _options.ThroughputDuration, _options.RequestTimeout);
        return result with
        {
            GatewayCpu = running.CpuTime - gateway,
            GatewayTieringCpu = running.TieringCpuTime - tiering,
            MockCpu = (ProcStat.Cpu(self) ?? TimeSpan.Zero) - mock,
        };
    }

    /// <param name="dbRequests">When set, the one-node cluster's database counters are read around its run.</param>
    /// <param name="carryOver">Keep the cluster nodes this phase ran on for the next phase instead of a fresh start.</param>
    private async Task<Dictionary<string, T>> PhaseAsync<T>(
        int round, string phase, Dictionary<string, Dictionary<string, PhaseHealth>> health,
        Func<RunningTarget, Task<T>> run, Func<T, string> describe, Func<T, int>? dbRequests = null, bool carryOver = false)
    {
        var results = new Dictionary<string, T>();
        foreach (var name in _environment.TargetNames)
        {
            if (!IsCluster(name))
            {
                await SettleAsync();
                var result = await run(_shared[name]);
                results[name] = result;
                _progress.WriteLine($"  {phase,-17} {name,-9} {describe(result)}{Error()}");
                continue;
            }

            var counted = name == BenchEnvironment.Cluster1 && _options.Mode != BenchMode.Smoke && _options.FreshClusterPerPhase && !carryOver;
            var (clusterResult, phaseHealth) = await ClusterPhaseAsync(name, phase, run, counted ? dbRequests : null, carryOver);
            results[name] = clusterResult;
            health[name][phase] = phaseHealth;
            if (!phaseHealth.Healthy)
            {
                _notes.Add($"round {round}, {phase}: {name} was measured while unhealthy ({phaseHealth.Describe()}); its figures are flagged");
            }

            _progress.WriteLine($"  {phase,-17} {name,-9} {describe(clusterResult)} [{phaseHealth.Describe()}]{Error()}");
        }

        return results;
    }

    /// <summary>
    /// One phase on a cluster started for it (fresh database and nodes, warm-up), or carried over from
    /// the previous phase, or shared by the round (smoke); the phase runs under watch, then the
    /// cluster is removed unless it is kept.
    /// </summary>
    private async Task<(T Result, PhaseHealth Health)> ClusterPhaseAsync<T>(
        string name, string phase, Func<RunningTarget, Task<T>> run, Func<T, int>? dbRequests, bool carryOver)
    {
        await SettleAsync();
        var shared = _shared.TryGetValue(name, out var running);
        if (!shared && !_carried.Remove(name, out running))
        {
            var started = Stopwatch.StartNew();
            running = await _environment.StartAsync(name);
            var warmUp = await WarmUpAsync(running, running.Target);
            _progress.WriteLine($"  start+warm-up     {name,-9} {started.Elapsed.TotalSeconds:F1} s, warm-up {warmUp.Describe()}{Error()}");
        }

        var keep = shared || carryOver;
        try
        {
            var outcome = await WatchedPhaseAsync(running!, phase, run, dbRequests, keep);
            if (carryOver)
            {
                _carried[name] = running!;
            }

            return outcome;
        }
        finally
        {
            if (!keep)
            {
                await running!.DisposeAsync();
            }
        }
    }

    private async Task<(T Result, PhaseHealth Health)> WatchedPhaseAsync<T>(RunningTarget running, string phase, Func<RunningTarget, Task<T>> run, Func<T, int>? dbRequests, bool keep)
    {
        await using var counters = dbRequests is null || keep ? null : new PostgresCounters(running.Database!.ConnectionString);
        var watch = ClusterWatch.Start(_admin, running.Nodes);
        T result;
        PhaseHealth phaseHealth;
        (DbCounters Start, DbCounters End)? idle = null;
        try
        {
            if (counters is not null)
            {
                // The warm-up's counters are published by the sessions' idle report; then an idle window
                // for the background rate, which ends where the phase starts.
                await Task.Delay(PostgresCounters.FlushInterval);
                var idleStart = await counters.ReadAsync();
                await Task.Delay(IdleWindow);
                idle = (idleStart, await counters.ReadAsync());
            }

            await SettleAsync();
            watch.Reset();
            result = await run(running);
            phaseHealth = await watch.ReadAsync();
            if (counters is not null && !await watch.WaitForLedgerAsync(TimeSpan.FromSeconds(10)))
            {
                _notes.Add($"{phase}: the ledger backlog was not written within 10 s after the phase; the database work per request misses some ledger rows");
            }
        }
        finally
        {
            await watch.DisposeAsync();
            if (!keep)
            {
                await running.StopNodesAsync();
            }
        }

        if (counters is not null && idle is { } window)
        {
            // Killed nodes' sessions end and publish their last counters.
            if (await counters.WaitForSessionsToEndAsync())
            {
                _db[phase] = new DbWork(window.Start, window.End, window.End, await counters.ReadAsync(), dbRequests!(result));
            }
            else
            {
                _notes.Add($"{phase}: the cluster's database sessions did not end within 15 s of killing the nodes; its database work is not reported");
            }
        }

        return (result, phaseHealth);
    }

    private static bool IsCluster(string name) => name.StartsWith("cluster", StringComparison.Ordinal);

    /// <summary>
    /// Between phases: collect, and wait (bounded) until the mock has no request in flight, so each
    /// phase starts from the same state.
    /// </summary>
    private async Task SettleAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(QuietCap.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && _environment.Mock.InFlight > 0)
        {
            await Task.Delay(100);
        }

        if (Stopwatch.GetTimestamp() >= deadline)
        {
            _notes.Add($"the mock still had requests in flight {QuietCap.TotalSeconds:F0} s after a phase");
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
}

/// <summary>What a run measured, for <see cref="MarkdownReport"/>.</summary>
/// <param name="Db">The one-node cluster database's work per phase of the last round (<c>sequential</c>, <c>fixed-rate N</c>).</param>
/// <param name="Notes">Anything that makes a number less trustworthy (a cluster phase measured while unhealthy, a phase that did not drain).</param>
/// <param name="ClosedLoopClient">Which load generator ran the closed-loop phase.</param>
public sealed record BenchReport(
    BenchOptions Options,
    IReadOnlyList<IReadOnlyList<TargetRound>> Rounds,
    IReadOnlyDictionary<string, DbWork> Db,
    IReadOnlyList<string> Notes,
    IReadOnlyList<WarmUpResult> WarmUps,
    IReadOnlyList<MemorySnapshot> Memory,
    MemoryResult GatewayProcess,
    string? PostgresVersion,
    string Upstream,
    TimeSpan Duration,
    string LoadAverage,
    string ClosedLoopClient);
