using RoutingCluster.Testing;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// What the targets are made of, on loopback: the mock upstream in this process, and one config file
/// that every gateway uses (one key without limits, so nothing is ever refused). Gateways run as their
/// own processes, started on demand with the gateway's public command line only: the embedded gateway
/// with the config as is, a cluster node with <c>--postgres env:NAME --node-id ID</c> on a throwaway
/// database of its own target. The harness process holds only the load generator and the mock.
/// </summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    public const string Direct = "direct";
    public const string Embedded = "embedded";
    public const string Cluster1 = "cluster-1";
    public const string Cluster3 = "cluster-3";

    /// <summary>The child-only variable that carries a cluster database's connection string.</summary>
    private const string PostgresVariable = "RC_BENCH_POSTGRES";

    private readonly TestSecret _key;
    private readonly string _directory;
    private IDisposable? _deleteOnSignal;

    private BenchEnvironment(BenchUpstream mock, TestSecret key, string directory, bool cluster)
    {
        Mock = mock;
        _key = key;
        _directory = directory;
        TargetNames = cluster ? [Direct, Embedded, Cluster1, Cluster3] : [Direct, Embedded];
        DirectTarget = new BenchTarget(Direct, [new Uri(mock.OpenAiBaseUrl + "/chat/completions")], "up-model-1", key.Value, isGateway: false);
    }

    public BenchUpstream Mock { get; }

    public IReadOnlyList<string> TargetNames { get; }

    public BenchTarget DirectTarget { get; }

    private string ConfigPath => Path.Combine(_directory, "gateway.yaml");

    public static async Task<BenchEnvironment> StartAsync(BenchOptions options)
    {
        var mock = await BenchUpstream.StartAsync(options.SlowUpstream);
        // The key is random and the mock never checks it; the children inherit it through the environment.
        var key = TestEnvironment.SetSecret($"sk-bench-{Guid.NewGuid():N}");
        var directory = Directory.CreateTempSubdirectory("routing-cluster-bench-").FullName;
        var environment = new BenchEnvironment(mock, key, directory, options.Cluster);
        environment._deleteOnSignal = ChildProcesses.OnSignal(() => Task.Run(() => Directory.Delete(directory, recursive: true)));
        await File.WriteAllTextAsync(environment.ConfigPath, environment.Config());
        return environment;
    }

    /// <summary>Starts the processes of a gateway target (a fresh database for a cluster); the direct target starts nothing.</summary>
    public async Task<RunningTarget> StartAsync(string name)
    {
        switch (name)
        {
            case Direct:
                return new RunningTarget(DirectTarget, [], null);
            case Embedded:
                var embedded = await GatewayProcess.StartAsync(name, ConfigPath, []);
                return new RunningTarget(new BenchTarget(name, [embedded.ChatUrl], "default", null, isGateway: true), [embedded], null);
            default:
                var count = name == Cluster3 ? 3 : 1;
                var database = await PostgresTestDatabase.CreateAsync();
                var dropOnSignal = ChildProcesses.OnSignal(() => database.DisposeAsync().AsTask());
                var nodes = new List<GatewayProcess>();
                try
                {
                    var environment = new Dictionary<string, string> { [PostgresVariable] = database.ConnectionString };
                    // All nodes start together: the gateway applies its schema once under an advisory lock.
                    var starting = Enumerable.Range(1, count).Select(n => StartNodeAsync(name, n, environment)).ToList();
                    try
                    {
                        await Task.WhenAll(starting);
                    }
                    finally
                    {
                        nodes.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
                    }

                    return new RunningTarget(new BenchTarget(name, [.. nodes.Select(n => n.ChatUrl)], "default", null, isGateway: true), nodes, database, dropOnSignal);
                }
                catch
                {
                    await new RunningTarget(DirectTarget, nodes, database, dropOnSignal).DisposeAsync();
                    throw;
                }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _key.Dispose();
        await Mock.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
        _deleteOnSignal?.Dispose();
    }

    private Task<GatewayProcess> StartNodeAsync(string name, int node, IReadOnlyDictionary<string, string> environment) =>
        GatewayProcess.StartAsync($"{name}-node-{node}", ConfigPath, ["--postgres", "env:" + PostgresVariable, "--node-id", $"{name}-node-{node}", "--silo-port", "0"], environment);

    private string Config() =>
        $$"""
        providers:
          - id: up
            protocol: openai-chat
            baseUrl: {{Mock.OpenAiBaseUrl}}
            class: hosted
        credentials:
          - { id: bench-key, provider: up, apiKey: "{{_key.Reference}}" }
        models:
          - { id: m1, provider: up, upstreamModel: up-model-1, contextWindow: 16000 }
        roles:
          default:
            chain:
              - { models: [m1], strategy: priority }
        """;
}

/// <summary>
/// A target while it runs: its gateway processes (none for the direct baseline) and, for a cluster,
/// its own database. Disposing kills the processes and drops the database.
/// </summary>
public sealed class RunningTarget(
    BenchTarget target, IReadOnlyList<GatewayProcess> nodes, PostgresTestDatabase? database, IDisposable? dropOnSignal = null) : IAsyncDisposable
{
    private bool _stopped;

    public BenchTarget Target => target;

    public string Name => target.Name;

    public IReadOnlyList<GatewayProcess> Nodes => nodes;

    public PostgresTestDatabase? Database => database;

    /// <summary>
    /// CPU time of what serves this target: its gateway processes, summed; for the direct baseline, this
    /// process (the mock, and whatever else runs here at the time).
    /// </summary>
    public TimeSpan CpuTime => nodes.Count == 0
        ? ProcStat.Cpu(Environment.ProcessId) ?? TimeSpan.Zero
        : nodes.Aggregate(TimeSpan.Zero, (sum, node) => sum + node.CpuTime);

    /// <summary>The part of <see cref="CpuTime"/> the gateways' background JIT threads used (zero for direct, whose mock runs warm in this process).</summary>
    public TimeSpan TieringCpuTime => nodes.Aggregate(TimeSpan.Zero, (sum, node) => sum + node.TieringCpuTime);

    public IReadOnlyList<int> ProcessIds => nodes.Count == 0 ? [Environment.ProcessId] : [.. nodes.Select(n => n.Id)];

    /// <summary>Kills the gateway processes (their database sessions end with them); the database stays.</summary>
    public async Task StopNodesAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopNodesAsync();
        if (database is not null)
        {
            await database.DisposeAsync();
        }

        dropOnSignal?.Dispose();
    }
}
