using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using OpenAI;
using OpenAI.Chat;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;
using Xunit.Abstractions;

namespace RoutingCluster.Gateway.Tests.Cluster;

/// <summary>
/// Three gateway nodes as separate OS processes on one real PostgreSQL (reached through a loopback
/// TCP proxy), loaded through the official OpenAI SDK, while one node is killed (SIGKILL) or frozen
/// (SIGSTOP), or the database is cut or blackholed. Four keys of concurrency 2 behind a slow mock:
/// no key ever has more than 2 requests at the upstream, and no request waits past its attempt
/// timeout. Real clocks: Orleans' membership runs on them.
/// </summary>
public sealed class ClusterFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DeadBound = TimeSpan.FromSeconds(40);
    private static readonly string[] Keys = ["key-a", "key-b", "key-c", "key-d"];
    private readonly List<GatewayProcess> _nodes = [];
    private GatewayHarness _harness = null!;
    private LoopbackTcpProxy _database = null!;
    private ClusterConfig _cluster = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(Keys, TimeProvider.System);
        _database = new LoopbackTcpProxy(ClusterConfig.ServerPort);
        _cluster = await _harness.CreateClusterAsync(_database.Port);
        _harness.Mock.SetDefault(MockReply.Ok("steady").WithFirstByteDelay(TimeSpan.FromMilliseconds(20)));
        var config = await _harness.WriteConfigAsync(_harness.Upstream.SimpleYaml(limits: "{ concurrency: 2 }", extra: $$"""
            {{_cluster.StoreYaml("grainCallTimeout: 1s")}}
            resilience: { attemptTimeout: 5s, requestTimeout: 20s }
            """));
        var starting = Enumerable.Range(0, 3).Select(i => GatewayProcess.StartAsync(config, "--node-id", $"node-{i}")).ToList();
        try
        {
            // Every start is awaited, failed or not, so that no node process outlives a failed fixture.
            await Task.WhenAll(starting).ContinueWith(static _ => { }, TaskScheduler.Default);
            _nodes.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            await Task.WhenAll(starting);
            await UntilAsync(async () => (await ClusterOf(_nodes[2])).ActiveNodes == 3, "all three nodes active");
        }
        catch (Exception e)
        {
            // xunit does not dispose a test class whose initialization failed: stop what was started here.
            var report = _nodes.Count == 3 ? await DescribeClusterAsync() : "";
            await DisposeAsync();
            throw new InvalidOperationException($"The three-node fixture did not come up. {report}", e);
        }
    }

    /// <summary>What each node says of the cluster, and the last lines each wrote: for a fixture that did not come up.</summary>
    private async Task<string> DescribeClusterAsync()
    {
        var lines = new List<string>();
        foreach (var node in _nodes)
        {
            try
            {
                using var response = await node.Http.GetAsync("/admin/cluster");
                lines.Add($"{node.BaseUrl}/admin/cluster: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                lines.Add($"{node.BaseUrl}/admin/cluster: {e.GetType().Name}");
            }

            lines.AddRange(node.Output.TakeLast(15).Select(line => "  " + line));
        }

        return string.Join('\n', lines);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _harness.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task KillNodeUnderLoad_OthersDeclareItDeadAndKeepServingWithinLimits()
    {
        var answers = await LoseNodeUnderLoadAsync(_nodes[0].KillAsync, "kill -9");

        // Until it was declared dead, a request whose every candidate lived on it got 503 once each
        // acquire failed; after, its grains live on the others and serve.
        AssertServedWithinLimits(answers, _nodes[0], unavailableAllowed: true);
    }

    [Fact]
    public async Task FreezeNodeUnderLoad_OthersDeclareItDeadAndNoRequestWaitsPastItsAttemptTimeout()
    {
        var answers = await LoseNodeUnderLoadAsync(_nodes[0].FreezeAsync, "SIGSTOP");

        // While it was frozen, a request whose every candidate lived there got 503 after each acquire
        // timed out (never later than the attempt timeout); none came back with anything else.
        AssertServedWithinLimits(answers, _nodes[0], unavailableAllowed: true);
    }

    /// <summary>
    /// Loses node 0 under load and waits until the others declare it dead and serve again: its grains
    /// come back on them holding every slot it may have granted, and give back those no live node
    /// holds once every node has reported (one refresh interval).
    /// </summary>
    private async Task<IReadOnlyList<Answer>> LoseNodeUnderLoadAsync(Func<Task> lose, string how)
    {
        await using var load = Load.Start([.. _nodes]);
        await load.UntilAnsweredAsync(60);

        await lose();
        var dead = await UntilDeadAsync("node-0");
        output.WriteLine($"{how}: node-0 declared dead after {dead.TotalSeconds:0.0} s");
        var atDeath = load.Survivors(_nodes[0]).Count;
        var deadAt = TimeProvider.System.GetTimestamp();
        await load.UntilAsync(() => load.Survivors(_nodes[0]).Skip(atDeath).Count(a => a.Status == 200) >= 60);
        output.WriteLine($"serving again {TimeProvider.System.GetElapsedTime(deadAt).TotalSeconds:0.0} s after it was declared dead");
        return await load.StopAsync();
    }

    [Fact]
    public async Task DatabaseCutFor20sUnderLoad_NoRequestFailsAndTheLedgerIsCompleteAfterwards()
    {
        await using var load = Load.Start([.. _nodes]);
        await load.UntilAnsweredAsync(60);

        _database.Cut();
        var cutAt = TimeProvider.System.GetTimestamp();
        await load.UntilAsync(() => TimeProvider.System.GetElapsedTime(cutAt) >= TimeSpan.FromSeconds(20));
        _database.Restore();
        var answers = await load.StopAsync();

        AssertAllServed(answers);
        AssertServedWithinLimits(answers, null);
        Assert.All(_nodes, node => Assert.Equal(3, ClusterOf(node).GetAwaiter().GetResult().ActiveNodes));
        await UntilAsync(async () => await LedgerCountAsync() >= answers.Count, $"all {answers.Count} requests in the ledger");
    }

    [Fact]
    public async Task DatabaseBlackholedFor16sUnderLoad_NoRequestWaitsOnTheDatabase()
    {
        await using var load = Load.Start([.. _nodes]);
        await load.UntilAnsweredAsync(60);

        _database.Blackhole();
        var holeAt = TimeProvider.System.GetTimestamp();
        await load.UntilAsync(() => TimeProvider.System.GetElapsedTime(holeAt) >= TimeSpan.FromSeconds(16));
        _database.Restore();
        var answers = await load.StopAsync();

        AssertAllServed(answers);
        AssertServedWithinLimits(answers, null);
        await UntilAsync(async () => await LedgerCountAsync() >= answers.Count, $"all {answers.Count} requests in the ledger");
    }

    [Fact]
    public async Task DatabaseOutageLongerThanDeathDetection_NoNodeDeclaredDeadAndSettlesDuringItFreeTheirSlots()
    {
        // Two streams hold key-a's two slots (priority: key-a first) through node 1 while the database is away.
        var gate = new MockGate();
        _harness.Mock.SetDefault(_harness.Upstream.KeyOf("key-a"), MockReply.Ok("held", chunks: 2).WithGateAfterFirstChunk(gate));
        var held = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => OpenStreamAsync(_nodes[1])));
        Assert.Equal(2, _harness.Mock.MaxInFlightFor(_harness.Upstream.KeyOf("key-a")));

        _database.Cut();
        var cutAt = TimeProvider.System.GetTimestamp();
        await UntilAsync(() => Task.FromResult(TimeProvider.System.GetElapsedTime(cutAt) >= TimeSpan.FromSeconds(15)), "15 s of outage");
        var during = await ServedByAsync(_nodes[2]);
        Assert.NotEqual("key-a", during);

        // The streams end during the outage: their settles free key-a's slots at once.
        gate.Release();
        foreach (var stream in held)
        {
            Assert.EndsWith("data: [DONE]\n\n", await stream.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            stream.Dispose();
        }

        _harness.Mock.SetDefault(_harness.Upstream.KeyOf("key-a"), MockReply.Ok("free again"));
        await UntilAsync(async () => await ServedByAsync(_nodes[0]) == "key-a", "key-a serving again during the outage");
        _database.Restore();

        await UntilAsync(async () => (await ClusterOf(_nodes[0])).Database == "reachable", "the database back");
        Assert.All(_nodes, node => Assert.Equal(3, ClusterOf(node).GetAwaiter().GetResult().ActiveNodes));
        Assert.True(_harness.Mock.MaxInFlightFor(_harness.Upstream.KeyOf("key-a")) <= 2);
    }

    /// <summary>Every answer a 200; a failure names each that was not, with what the gateway said.</summary>
    private static void AssertAllServed(IReadOnlyList<Answer> answers)
    {
        var failed = answers.Where(a => a.Status != 200).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {answers.Count} requests were not served:\n" + string.Join('\n', failed.Take(10).Select(a => $"{a.Node.BaseUrl} {a.Status} after {a.Elapsed.TotalMilliseconds:0} ms: {a.Error}")));
    }

    private void AssertServedWithinLimits(IReadOnlyList<Answer> answers, GatewayProcess? lost, bool unavailableAllowed = false)
    {
        var survivors = answers.Where(a => a.Node != lost).ToList();
        Assert.NotEmpty(survivors);
        Assert.All(survivors, a => Assert.Contains(a.Status, unavailableAllowed ? (int[])[200, 429, 503] : [200, 429]));
        Assert.All(survivors, a => Assert.True(a.Elapsed < AttemptTimeout, $"a request took {a.Elapsed.TotalSeconds:0.0} s"));
        Assert.Contains(survivors, a => a.Status == 200);
        foreach (var key in Keys)
        {
            Assert.True(_harness.Mock.MaxInFlightFor(_harness.Upstream.KeyOf(key)) <= 2, $"{key} had more than 2 requests at the upstream");
        }

        output.WriteLine($"{survivors.Count} answers on the other nodes, {survivors.Count(a => a.Status == 429)} refused 429, {survivors.Count(a => a.Status == 503)} 503, slowest {survivors.Max(a => a.Elapsed).TotalMilliseconds:0} ms");
    }

    private async Task<TimeSpan> UntilDeadAsync(string node)
    {
        var started = TimeProvider.System.GetTimestamp();
        await UntilAsync(async () => (await ClusterOf(_nodes[1])).Nodes.Any(n => n.Id == node && n.Status == "dead"), $"{node} declared dead", DeadBound);
        return TimeProvider.System.GetElapsedTime(started);
    }

    /// <summary>The node's <c>/admin/cluster</c>; while it cannot read membership yet (503), an empty report.</summary>
    private static async Task<ClusterReport> ClusterOf(GatewayProcess node)
    {
        using var response = await node.Http.GetAsync("/admin/cluster");
        return response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable
            ? new ClusterReport("", "", 0, [])
            : (await response.Content.ReadFromJsonAsync<ClusterReport>())!;
    }

    private async Task<long> LedgerCountAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(_cluster.ConnectionString) { Port = ClusterConfig.ServerPort }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM rc_requests", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<HttpResponseMessage> OpenStreamAsync(GatewayProcess node)
    {
        var response = await node.Http.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = new StringContent("""{"model":"default","stream":true,"messages":[{"role":"user","content":"hold"}]}""", System.Text.Encoding.UTF8, "application/json"),
            },
            HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return response;
    }

    private static async Task<string?> ServedByAsync(GatewayProcess node)
    {
        using var response = await node.Http.PostAsync("/v1/chat/completions", new StringContent(
            """{"model":"default","messages":[{"role":"user","content":"which key?"}]}""", System.Text.Encoding.UTF8, "application/json"));
        return response.IsSuccessStatusCode ? response.Headers.GetValues("x-routing-credential").Single() : null;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? bound = null)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > (bound ?? DeadBound))
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }

    private sealed record Answer(GatewayProcess Node, int Status, TimeSpan Elapsed, string? Error = null);

    private sealed record ClusterReport(string Node, string Database, int ActiveNodes, IReadOnlyList<NodeReport> Nodes);

    private sealed record NodeReport(string Id, string Status);

    /// <summary>Two request loops per node through the OpenAI SDK, bounded by a count and stopped by the test.</summary>
    private sealed class Load : IAsyncDisposable
    {
        private const int MaxPerLoop = 5_000;
        private readonly ConcurrentQueue<Answer> _answers = new();
        private readonly CancellationTokenSource _stop = new();
        private Task[] _loops = [];

        public static Load Start(IReadOnlyList<GatewayProcess> nodes)
        {
            var load = new Load();
            load._loops = [.. nodes.SelectMany(node => Enumerable.Range(0, 2).Select(_ => load.LoopAsync(node)))];
            return load;
        }

        public IReadOnlyList<Answer> Survivors(GatewayProcess lost) => [.. _answers.Where(a => a.Node != lost)];

        public Task UntilAnsweredAsync(int count, GatewayProcess? from = null) =>
            UntilAsync(() => (from is null ? _answers.Count : _answers.Count(a => a.Node == from)) >= count);

        public async Task UntilAsync(Func<bool> condition)
        {
            var started = TimeProvider.System.GetTimestamp();
            while (!condition())
            {
                if (TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException("The load did not get there within 60 s.");
                }

                await Task.Delay(50);
            }
        }

        public async Task<IReadOnlyList<Answer>> StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_loops);
            return [.. _answers];
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }

        private async Task LoopAsync(GatewayProcess node)
        {
            var client = new ChatClient("default", new ApiKeyCredential("unused"), new OpenAIClientOptions
            {
                Endpoint = new Uri(node.BaseUrl + "/v1"),
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = TimeSpan.FromSeconds(30),
            });
            for (var i = 0; i < MaxPerLoop && !_stop.IsCancellationRequested; i++)
            {
                var started = TimeProvider.System.GetTimestamp();
                int status;
                string? error = null;
                try
                {
                    await client.CompleteChatAsync([new UserChatMessage("steady load")]);
                    status = 200;
                }
                catch (ClientResultException e)
                {
                    status = e.Status;
                    error = e.Message;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    status = -1;
                    error = e.GetType().Name;
                }

                _answers.Enqueue(new Answer(node, status, TimeProvider.System.GetElapsedTime(started), error));
                if (status == -1)
                {
                    // A node that is gone: stop hammering it.
                    return;
                }
            }
        }
    }
}
