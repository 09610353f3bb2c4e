using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.FrontDoors;
using RoutingCluster.Gateway.FrontDoors.OpenAi;
using RoutingCluster.Gateway.Providers;
using RoutingCluster.Gateway.Tests.Forwarding.Fakes;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Grains.Credentials;
using RoutingCluster.Routing;
using RoutingCluster.Routing.Strategies;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Forwarding;

/// <summary>
/// The executor without Kestrel: a scripted adapter plays the upstream, a recording sink the
/// client, a real embedded silo holds the grains and counts settles. Keys k1 then k2 (priority), both on one provider.
/// </summary>
public sealed class RouteExecutorTests : IAsyncLifetime
{
    private const string Config = """
        providers:
          - { id: up, protocol: openai-chat, baseUrl: "http://127.0.0.1:9/v1", class: local }
        credentials:
          - { id: k1, provider: up, limits: { concurrency: 1 } }
          - { id: k2, provider: up }
        models:
          - { id: m1, provider: up, upstreamModel: up-m1, contextWindow: 16000 }
        roles:
          default: { chain: [ { models: [m1], strategy: priority } ] }
        """;

    private const string Completion = """{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""";

    private readonly FakeTimeProvider _clock = new();
    private readonly ScriptedAdapter _upstream = new();
    private readonly RecordingSink _client = new();
    private readonly GatewayDefinition _definition;
    private EmbeddedSilo _silo = null!;

    public RouteExecutorTests()
    {
        var loaded = ConfigLoader.Load(Config, "executor-tests.yaml", new EnvironmentSecretResolver(), RegisteredNames.BuiltIn);
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        _definition = loaded.Definition;
    }

    public async Task InitializeAsync() => _silo = await EmbeddedSilo.StartAsync(_clock, services =>
    {
        services.AddSingleton(new ActiveConfig(_definition, "executor-tests.yaml"));
        services.AddSingleton<IProviderAdapter>(_upstream);
        services.AddSingleton<ProviderAdapters>();
        services.AddSingleton(StrategyRegistry.CreateDefault());
        services.AddForwarding();
    });

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private EmbeddedSilo.SettleCounter Settles => _silo.Settles;

    private RouteExecutor Executor => _silo.Services.GetRequiredService<RouteExecutor>();

    private RouteRequest Request(bool stream = false)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"model":"default","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hello"}]}""");
        var inspection = Assert.IsType<RequestReading.Read>(ChatRequestInspector.Inspect(body, null)).Inspection;
        var resolution = RoleResolver.Resolve(_definition, inspection.Features);
        Assert.True(resolution.IsResolved);
        return new RouteRequest(_definition, resolution.Target, RoutePlanner.Plan(_definition, resolution.Target, inspection.Features, RoutingCluster.Tenants.TenantDefinition.Anonymous),
            new ClientRequest(body, inspection, WireFormat.OpenAiChat, null));
    }

    /// <summary>The credential's state once every settle of the requests so far has landed.</summary>
    private async Task<CredentialState> StateOf(string credentialId)
    {
        await _silo.Services.GetRequiredService<BackgroundSettles>().WhenIdleAsync();
        return _silo.Services.GetRequiredService<FleetView>().Credential(credentialId);
    }

    [Fact]
    public async Task ExecuteAsync_FirstKeyAnswers429_FailsOverBeforeFirstByteAndSettlesEachAttemptOnce()
    {
        var limited = new ScriptedResponse(429, new MemoryStream(Encoding.UTF8.GetBytes("""{"error":{"code":"rate_limit_exceeded"}}""")),
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["retry-after"] = "20" });
        var answer = ScriptedResponse.Json(200, Completion);
        _upstream.Answer("k1", limited);
        _upstream.Answer("k2", answer);

        var outcome = await Executor.ExecuteAsync(Request(), _client, CancellationToken.None);

        var answered = Assert.IsType<RouteOutcome.Answered>(outcome);
        Assert.Equal("k2", answered.Served.Credential.Id);
        Assert.Equal(OutcomeKind.Success, answered.End);
        Assert.Equal(5, answered.Usage?.Total);
        Assert.Collection(answered.Attempts,
            first => Assert.Equal((OutcomeKind.RateLimited, "k1", false), (first.Outcome, first.Candidate.Credential.Id, first.Served)),
            second => Assert.Equal((OutcomeKind.Success, "k2", true), (second.Outcome, second.Candidate.Credential.Id, second.Served)));
        Assert.Equal(_clock.GetUtcNow().AddSeconds(20), answered.Attempts[0].RetryAt);
        Assert.Equal((1, 200, "k2", 2, false), (_client.Starts, _client.Status, _client.Served?.Credential.Id, _client.Attempts, _client.Stream));
        Assert.Contains("\"content\":\"hi\"", _client.Written, StringComparison.Ordinal);
        await _silo.Services.GetRequiredService<BackgroundSettles>().WhenIdleAsync();
        Assert.Equal((1, 1), (Settles.Of("k1"), Settles.Of("k2")));
        Assert.Equal((1, 1), (limited.Disposals, answer.Disposals));
        Assert.Empty((await StateOf("k1")).Leases);
        Assert.Empty((await StateOf("k2")).Leases);
        Assert.NotNull((await StateOf("k1")).CooldownUntil);
    }

    [Fact]
    public async Task ExecuteAsync_ViewShowsEveryKeyCoolingButTheGrainsDoNot_AsksTheGrainsBeforeRefusing()
    {
        // This node's view is stale (a reset on another node has not reached it): both keys look cooled down.
        var view = _silo.Services.GetRequiredService<FleetView>();
        foreach (var key in new[] { "k1", "k2" })
        {
            view.Update(key, CredentialState.Initial with { Version = long.MaxValue, CooldownUntil = _clock.GetUtcNow().AddHours(1), CooldownReason = "stale" });
        }

        _upstream.Answer("k1", ScriptedResponse.Json(200, Completion));

        var outcome = await Executor.ExecuteAsync(Request(), _client, CancellationToken.None);

        var answered = Assert.IsType<RouteOutcome.Answered>(outcome);
        Assert.Equal("k1", answered.Served.Credential.Id);
        Assert.DoesNotContain(answered.Skipped, s => s.Candidate.Credential.Id == "k1");
        Assert.Equal(["k1"], _upstream.Sent);
    }

    [Fact]
    public async Task ExecuteAsync_AcquireRefused_SkipsTheKeyWithoutSendingOrSettlingIt()
    {
        // k1 allows one request in flight; another node holds it.
        var held = await _silo.Services.GetRequiredService<IGrainFactory>().GetGrain<ICredentialGrain>("k1").Acquire(new AcquireCommand("elsewhere", 10, TimeSpan.FromMinutes(5),
            new CredentialPolicy(_definition.Credentials[0].Limits, _definition.Resilience.Breaker, _definition.Credentials[0].Fingerprint), "node-b"));
        Assert.True(held.Result.Granted);
        _upstream.Answer("k2", ScriptedResponse.Json(200, Completion));

        var outcome = await Executor.ExecuteAsync(Request(), _client, CancellationToken.None);

        var answered = Assert.IsType<RouteOutcome.Answered>(outcome);
        Assert.Equal("k2", answered.Served.Credential.Id);
        var skip = Assert.Single(answered.Skipped);
        Assert.Equal(("k1", SkipReason.ConcurrencyFull), (skip.Candidate.Credential.Id, skip.Reason));
        Assert.Equal(["k2"], _upstream.Sent);
        await _silo.Services.GetRequiredService<BackgroundSettles>().WhenIdleAsync();
        Assert.Equal((0, 1), (Settles.Of("k1"), Settles.Of("k2")));
        Assert.Single((await StateOf("k1")).Leases);
    }

    [Fact]
    public async Task ExecuteAsync_StreamBreaksAfterFirstEvent_InBandErrorNoFailoverSettledOnceAsBroken()
    {
        var first = Encoding.UTF8.GetBytes("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"par\"}}]}\n\n");
        var broken = new ScriptedResponse(200, new BreakingStream(first));
        _upstream.Answer("k1", broken);
        _upstream.Answer("k2", ScriptedResponse.Json(200, Completion));

        var outcome = await Executor.ExecuteAsync(Request(stream: true), _client, CancellationToken.None);

        var answered = Assert.IsType<RouteOutcome.Answered>(outcome);
        Assert.Equal((OutcomeKind.StreamBroken, "k1"), (answered.End, answered.Served.Credential.Id));
        Assert.Equal(["k1"], _upstream.Sent);
        Assert.Equal((1, true), (_client.Starts, _client.Stream));
        Assert.Contains("\"content\":\"par\"", _client.Written, StringComparison.Ordinal);
        Assert.Contains("stream_interrupted", _client.Written, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", _client.Written, StringComparison.Ordinal);
        await _silo.Services.GetRequiredService<BackgroundSettles>().WhenIdleAsync();
        Assert.Equal(1, Settles.Of("k1"));
        Assert.Equal(1, broken.Disposals);
        Assert.Empty((await StateOf("k1")).Leases);
    }

    [Fact]
    public async Task ExecuteAsync_CancelledBeforeFirstByte_FailedAsCancelledWithTheLeaseSettled()
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _upstream.Answer("k1", async token =>
        {
            sent.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        using var cancel = new CancellationTokenSource();

        var running = Executor.ExecuteAsync(Request(), _client, cancel.Token);
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();
        var outcome = await running.WaitAsync(TimeSpan.FromSeconds(10));

        var failed = Assert.IsType<RouteOutcome.Failed>(outcome);
        Assert.Equal(RouteFailureKind.DeadlineExceeded, failed.Failure.Kind);
        Assert.Equal(OutcomeKind.Cancelled, Assert.Single(failed.Attempts).Outcome);
        Assert.Equal(["k1"], _upstream.Sent);
        Assert.Equal(0, _client.Starts);
        await _silo.Services.GetRequiredService<BackgroundSettles>().WhenIdleAsync();
        Assert.Equal(1, Settles.Of("k1"));
        Assert.Empty((await StateOf("k1")).Leases);
    }

    [Fact]
    public async Task ExecuteAsync_UpstreamClientError_RebuiltAndPassedBackWithoutFailover()
    {
        const string invalid = """{"error":{"message":"bad temperature","type":"invalid_request_error","code":"invalid_value"}}""";
        _upstream.Answer("k1", ScriptedResponse.Json(400, invalid));
        _upstream.Answer("k2", ScriptedResponse.Json(200, Completion));

        var outcome = await Executor.ExecuteAsync(Request(), _client, CancellationToken.None);

        var rejected = Assert.IsType<RouteOutcome.Rejected>(outcome);
        Assert.Equal((400, "k1"), (rejected.Status, rejected.Served.Credential.Id));
        Assert.Equal(["k1"], _upstream.Sent);
        Assert.Equal((400, 1), (_client.Status, _client.Attempts));
        Assert.Equal("""{"error":{"message":"bad temperature","type":"invalid_request_error","param":null,"code":"invalid_value"}}""", _client.Written);
        await _silo.Services.GetRequiredService<BackgroundSettles>().WhenIdleAsync();
        Assert.Equal(1, Settles.Of("k1"));
    }

    [Fact]
    public async Task ExecuteAsync_EveryKeyFailsBeforeFirstByte_FailedWithNothingWritten()
    {
        _upstream.Answer("k1", ScriptedResponse.Json(503, """{"error":{"type":"overloaded"}}"""));
        _upstream.Answer("k2", _ => throw new HttpRequestException("connection refused"));

        var outcome = await Executor.ExecuteAsync(Request(), _client, CancellationToken.None);

        var failed = Assert.IsType<RouteOutcome.Failed>(outcome);
        Assert.Equal(RouteFailureKind.AllAttemptsFailed, failed.Failure.Kind);
        Assert.Equal([OutcomeKind.ServerError, OutcomeKind.ConnectError], failed.Attempts.Select(a => a.Outcome));
        Assert.Equal(0, _client.Starts);
        await _silo.Services.GetRequiredService<BackgroundSettles>().WhenIdleAsync();
        Assert.Equal((1, 1), (Settles.Of("k1"), Settles.Of("k2")));
    }

}
