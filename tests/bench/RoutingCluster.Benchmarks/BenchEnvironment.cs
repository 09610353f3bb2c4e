using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Hosting;
using RoutingCluster.Testing;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// Everything under measurement, in this one process, on loopback: the mock upstream, the embedded
/// gateway (memory store), a one-node cluster (PostgreSQL store on a throwaway database) and a
/// three-node cluster (three gateways on a second throwaway database), all forwarding to the mock with
/// one key that has no limits, so nothing is ever refused.
/// </summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    private readonly List<WebApplication> _gateways = [];
    private readonly List<IDisposable> _secrets = [];
    private string? _directory;

    private BenchEnvironment(BenchUpstream mock) => Mock = mock;

    public const string Direct = "direct";
    public const string Embedded = "embedded";
    public const string Cluster1 = "cluster-1";
    public const string Cluster3 = "cluster-3";

    public BenchUpstream Mock { get; }

    /// <summary>The embedded gateway's config file, for the gateway started as its own process.</summary>
    public string EmbeddedConfigPath => Path.Combine(_directory!, Embedded + ".yaml");

    /// <summary>The store status of every node of each cluster target, by target name.</summary>
    public Dictionary<string, IStoreStatus[]> ClusterStatus { get; } = [];

    /// <summary>Every cluster node's connection pool (cleared to make PostgreSQL publish its sessions' counters).</summary>
    public List<NpgsqlDataSource> ClusterDataSources { get; } = [];

    public IReadOnlyList<BenchTarget> Targets { get; private set; } = [];

    /// <summary>The one-node cluster's database (its counters are reported); null with <c>--no-cluster</c>.</summary>
    public PostgresTestDatabase? Database { get; private set; }

    private PostgresTestDatabase? Database3 { get; set; }

    public static async Task<BenchEnvironment> StartAsync(BenchOptions options, MemoryLog memory)
    {
        var environment = new BenchEnvironment(await BenchUpstream.StartAsync(options.SlowUpstream));
        try
        {
            memory.Snapshot("mock upstream started");
            await environment.StartGatewaysAsync(options, memory);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.StopAsync();
            await gateway.DisposeAsync();
        }

        foreach (var database in (PostgresTestDatabase?[])[Database, Database3])
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }
        }

        foreach (var secret in _secrets)
        {
            secret.Dispose();
        }

        await Mock.DisposeAsync();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task StartGatewaysAsync(BenchOptions options, MemoryLog memory)
    {
        _directory = Directory.CreateTempSubdirectory("routing-cluster-bench-").FullName;
        var key = TestEnvironment.SetSecret($"sk-bench-{Guid.NewGuid():N}");
        _secrets.Add(key);
        var targets = new List<BenchTarget>
        {
            new(Direct, [new Uri(Mock.OpenAiBaseUrl + "/chat/completions")], "up-model-1", key.Value, isGateway: false),
        };

        var embedded = await StartGatewayAsync(Embedded, Config(key.Reference, store: ""));
        targets.Add(new BenchTarget(Embedded, [embedded], "default", null, isGateway: true));
        memory.Snapshot("embedded gateway started");

        if (options.Cluster)
        {
            Database = await PostgresTestDatabase.CreateAsync();
            targets.Add(await StartClusterAsync(Cluster1, 1, Database, key.Reference));
            memory.Snapshot("one-node cluster started");
            Database3 = await PostgresTestDatabase.CreateAsync();
            targets.Add(await StartClusterAsync(Cluster3, 3, Database3, key.Reference));
            memory.Snapshot("three-node cluster started");
        }

        Targets = targets;
    }

    private async Task<BenchTarget> StartClusterAsync(string name, int nodes, PostgresTestDatabase database, string keyReference)
    {
        var connection = TestEnvironment.SetSecret(database.ConnectionString);
        _secrets.Add(connection);
        var urls = new List<Uri>();
        var statuses = new List<IStoreStatus>();
        for (var node = 1; node <= nodes; node++)
        {
            var store = $$"""
                store: { kind: postgres, connectionString: "{{connection.Reference}}" }
                cluster: { nodeId: {{name}}-node-{{node}} }
                """;
            urls.Add(await StartGatewayAsync($"{name}-node-{node}", Config(keyReference, store)));
            statuses.Add(_gateways[^1].Services.GetRequiredService<IStoreStatus>());
            ClusterDataSources.Add(_gateways[^1].Services.GetRequiredService<NpgsqlDataSource>());
        }

        ClusterStatus[name] = [.. statuses];
        return new BenchTarget(name, urls, "default", null, isGateway: true);
    }

    private async Task<Uri> StartGatewayAsync(string name, string yaml)
    {
        var path = Path.Combine(_directory!, name + ".yaml");
        await File.WriteAllTextAsync(path, yaml);
        // Gateway logs go to stderr: stdout carries only the report.
        var app = GatewayApp.Build(
            ["--config", path, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Logging:Console:LogToStandardErrorThreshold=Trace"]);
        _gateways.Add(app);
        await app.StartAsync();
        return new Uri(app.Urls.First().TrimEnd('/') + "/v1/chat/completions");
    }

    private string Config(string keyReference, string store) =>
        $$"""
        providers:
          - id: up
            protocol: openai-chat
            baseUrl: {{Mock.OpenAiBaseUrl}}
            class: hosted
        credentials:
          - { id: bench-key, provider: up, apiKey: "{{keyReference}}" }
        models:
          - { id: m1, provider: up, upstreamModel: up-model-1, contextWindow: 16000 }
        roles:
          default:
            chain:
              - { models: [m1], strategy: priority }
        {{store}}
        """;
}
