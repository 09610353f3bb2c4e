using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Hosting;
using RoutingCluster.Testing;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// Everything under measurement, in this one process, on loopback: the mock upstream, the embedded
/// gateway (memory store) and the cluster gateway (PostgreSQL store on a throwaway database), both
/// forwarding to the mock with one key that has no limits, so nothing is ever refused.
/// </summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    private readonly List<WebApplication> _gateways = [];
    private readonly List<IDisposable> _secrets = [];
    private string? _directory;

    private BenchEnvironment(MockUpstream mock) => Mock = mock;

    public MockUpstream Mock { get; }

    public IReadOnlyList<BenchTarget> Targets { get; private set; } = [];

    /// <summary>Whether the cluster gateway has fallen back to local decisions (database unreachable or too slow).</summary>
    public IStoreStatus? ClusterStatus { get; private set; }

    /// <summary>The cluster gateway's own connection pool (to make PostgreSQL publish its sessions' counters).</summary>
    public NpgsqlDataSource? ClusterDataSource { get; private set; }

    /// <summary>The cluster gateway's database; null with <c>--no-cluster</c>.</summary>
    public PostgresTestDatabase? Database { get; private set; }

    public static async Task<BenchEnvironment> StartAsync(BenchOptions options, MemoryLog memory)
    {
        var environment = new BenchEnvironment(await MockUpstream.StartAsync());
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

        if (Database is not null)
        {
            await Database.DisposeAsync();
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
            new("direct", new Uri(Mock.OpenAiBaseUrl + "/chat/completions"), "up-model-1", key.Value, isGateway: false),
        };

        var embedded = await StartGatewayAsync("embedded", Config(key.Reference, store: ""));
        targets.Add(new BenchTarget("embedded", new Uri(embedded + "/v1/chat/completions"), "default", null, isGateway: true));
        memory.Snapshot("embedded gateway started");

        if (options.Cluster)
        {
            Database = await PostgresTestDatabase.CreateAsync();
            var connection = TestEnvironment.SetSecret(Database.ConnectionString);
            _secrets.Add(connection);
            var store = $$"""store: { kind: postgres, connectionString: "{{connection.Reference}}" }""";
            var cluster = await StartGatewayAsync("cluster", Config(key.Reference, store));
            ClusterStatus = _gateways[^1].Services.GetRequiredService<IStoreStatus>();
            ClusterDataSource = _gateways[^1].Services.GetRequiredService<NpgsqlDataSource>();
            targets.Add(new BenchTarget("cluster", new Uri(cluster + "/v1/chat/completions"), "default", null, isGateway: true));
            memory.Snapshot("cluster gateway started");
        }

        Targets = targets;
    }

    private async Task<string> StartGatewayAsync(string name, string yaml)
    {
        var path = Path.Combine(_directory!, name + ".yaml");
        await File.WriteAllTextAsync(path, yaml);
        // Gateway logs go to stderr: stdout carries only the report.
        var app = GatewayApp.Build(
            ["--config", path, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Logging:Console:LogToStandardErrorThreshold=Trace"]);
        _gateways.Add(app);
        await app.StartAsync();
        return app.Urls.First().TrimEnd('/');
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
