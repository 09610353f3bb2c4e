using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RoutingCluster.Gateway.Tests.Ledger;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Plans;

/// <summary>
/// Subscription profiles on one gateway, a mock upstream playing the plans (utilization rising per
/// request, a 429 at 100%): drain uses one plan up to its <c>switchAt</c>, then the next, then the
/// pooled API key; <c>reserveFor</c> keeps a plan to its roles; a Codex plan's
/// <c>usage_limit_reached</c> cools the profile down until the reported reset; garbage plan headers
/// are ignored. The client never sees an error while any candidate can serve.
/// </summary>
public sealed class SubscriptionProfileTests : IAsyncLifetime
{
    private static readonly string[] Credentials = ["max-a", "max-b", "pool"];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await GatewayHarness.StartMockAsync(Credentials, _time);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Drain_UsesOnePlanUpToItsThresholdThenTheNextThenThePooledKey_NoClientError()
    {
        var a = Plan("max-a", MockPlanFormat.Anthropic, step: 0.25);
        var b = Plan("max-b", MockPlanFormat.Anthropic, step: 0.25);
        var gateway = await _harness.StartGatewayAsync(ClaudeYaml());

        var served = new List<string>();
        string? lastId = null;
        for (var i = 0; i < 10; i++)
        {
            var (credential, id) = await ServedByAsync(gateway);
            served.Add(credential);
            lastId = id;
        }

        // Each plan serves while under 90%: at 0, 25, 50 and 75%; the answer at 75% takes it to 100%.
        Assert.Equal(["max-a", "max-a", "max-a", "max-a", "max-b", "max-b", "max-b", "max-b", "pool", "pool"], served);
        Assert.Equal(4, a.Counted);
        Assert.Equal(4, b.Counted);
        Assert.Equal(4, _harness.Mock.CountFor(_harness.Upstream.KeyOf("max-a")));
        Assert.Equal(4, _harness.Mock.CountFor(_harness.Upstream.KeyOf("max-b")));

        // At 100% the plan itself answers "rejected": both profiles cool down until the window's reset.
        var record = await LedgerApi.RecordAsync(gateway, null, lastId!);
        Assert.Equal("pool", record.Credential);
        var reset = a.ResetOf(MockPlan.FiveHour);
        Assert.Equal(["max-a", "max-b"], record.Skipped.Select(s => s.Credential));
        Assert.All(record.Skipped, s => Assert.Equal(("CoolingDown", reset), (s.Reason, s.RetryAt)));
        Assert.All(record.Skipped, s => Assert.EndsWith("(the plan's usage limit was reached)", s.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SwitchAt_StopsAtTheConfiguredShare_AndTheSkipNamesTheFigure()
    {
        var a = Plan("max-a", MockPlanFormat.Anthropic, step: 0.1);
        a.Set(MockPlan.FiveHour, 0.5);
        Plan("max-b", MockPlanFormat.Anthropic, step: 0);
        var gateway = await _harness.StartGatewayAsync(ClaudeYaml(switchAt: "{ 5h: 0.75, 7d: 0.95 }"));

        var served = new List<string>();
        string? lastId = null;
        for (var i = 0; i < 5; i++)
        {
            var (credential, id) = await ServedByAsync(gateway);
            served.Add(credential);
            lastId = id;
        }

        // 50, 60, 70% serve; 80% is past 75%.
        Assert.Equal(["max-a", "max-a", "max-a", "max-b", "max-b"], served);
        var record = await LedgerApi.RecordAsync(gateway, null, lastId!);
        Assert.Contains(record.Skipped, s => s.Credential == "max-a" && s.Reason == "PlanThreshold" && s.Detail == "5h at 80% >= 75%");

        // The operator's view of the profiles: who takes work, why not, and each figure's source.
        using var profiles = JsonDocument.Parse(await gateway.Http.GetStringAsync("/admin/profiles"));
        var byId = profiles.RootElement.GetProperty("profiles").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);
        Assert.Equal((false, "5h at 80% >= 75%"), (byId["max-a"].GetProperty("available").GetBoolean(), byId["max-a"].GetProperty("refusal").GetString()));
        Assert.True(byId["max-b"].GetProperty("available").GetBoolean());
        Assert.Equal(("allowed_warning", "five_hour"), (byId["max-a"].GetProperty("status").GetString(), byId["max-a"].GetProperty("claim").GetString()));
        Assert.Equal(a.ResetOf(MockPlan.FiveHour), byId["max-a"].GetProperty("statusResetAt").GetDateTimeOffset());
        var windows = byId["max-a"].GetProperty("windows").EnumerateArray().ToDictionary(w => w.GetProperty("name").GetString()!);
        Assert.Equal((0.8, 0.75, "learned"), (windows["5h"].GetProperty("utilization").GetDouble(), windows["5h"].GetProperty("switchAt").GetDouble(), windows["5h"].GetProperty("source").GetString()));
        Assert.Equal(a.ResetOf(MockPlan.FiveHour), windows["5h"].GetProperty("resetAt").GetDateTimeOffset());
        Assert.Equal((0.0, 0.95, "learned"), (windows["7d"].GetProperty("utilization").GetDouble(), windows["7d"].GetProperty("switchAt").GetDouble(), windows["7d"].GetProperty("source").GetString()));
        Assert.DoesNotContain(_harness.Upstream.KeyOf("max-a"), profiles.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamedAnswer_TeachesThePlanAsAWholeBodyDoes()
    {
        var a = Plan("max-a", MockPlanFormat.Anthropic, step: 0.1);
        a.Set(MockPlan.FiveHour, 0.85);
        Plan("max-b", MockPlanFormat.Anthropic, step: 0);
        var gateway = await _harness.StartGatewayAsync(ClaudeYaml(strategy: "priority"));

        using (var response = await gateway.Http.PostAsync("/v1/chat/completions", new StringContent(
            """{"model":"default","stream":true,"messages":[{"role":"user","content":"hi"}]}""", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("max-a", response.Headers.GetValues("x-routing-credential").Single());
            Assert.EndsWith("data: [DONE]\n\n", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The stream's first byte said 95%: the next request goes to max-b.
        await gateway.Services.GetRequiredService<RoutingCluster.Gateway.Fleet.BackgroundSettles>().WhenIdleAsync().WaitAsync(ProfileRequests.Bound);
        Assert.Equal("max-b", (await ServedByAsync(gateway)).Credential);
    }

    [Fact]
    public async Task ReserveFor_KeepsTheProfileForItsRoles()
    {
        Plan("max-a", MockPlanFormat.Anthropic, step: 0);
        Plan("max-b", MockPlanFormat.Anthropic, step: 0);
        var gateway = await _harness.StartGatewayAsync(ClaudeYaml(strategy: "priority", reserveA: "[default]"));

        Assert.Equal("max-a", (await ServedByAsync(gateway, "default")).Credential);
        var (credential, id) = await ServedByAsync(gateway, "background");
        Assert.Equal("max-b", credential);
        var record = await LedgerApi.RecordAsync(gateway, null, id);
        var skip = Assert.Single(record.Skipped, s => s.Credential == "max-a");
        Assert.Equal(("Reserved", "profile max-a is reserved for roles default"), (skip.Reason, skip.Detail));
        Assert.Equal(1, _harness.Mock.CountFor(_harness.Upstream.KeyOf("max-a")));
    }

    [Fact]
    public async Task CodexPlanAnswersUsageLimitReached_FailsOverAndCoolsDownUntilTheReportedReset()
    {
        var a = Plan("max-a", MockPlanFormat.Codex, step: 0);
        Plan("max-b", MockPlanFormat.Codex, step: 0);
        a.Set(MockPlan.FiveHour, 1.0);
        var reset = a.ResetOf(MockPlan.FiveHour);
        var gateway = await _harness.StartGatewayAsync(OpenAiYaml());

        var (credential, id) = await ServedByAsync(gateway);
        Assert.Equal("max-b", credential);
        var record = await LedgerApi.RecordAsync(gateway, null, id);
        Assert.Equal([429, 200], record.Attempts.Select(at => at.Status ?? 0));

        // Cooled down until the plan's own reset, five hours away, not the 15 s of a bare 429.
        _time.SetUtcNow(reset - TimeSpan.FromMinutes(1));
        Assert.Equal("max-b", (await ServedByAsync(gateway)).Credential);
        Assert.Equal(1, _harness.Mock.CountFor(_harness.Upstream.KeyOf("max-a")));

        a.Set(MockPlan.FiveHour, 0);
        a.SetReset(MockPlan.FiveHour, reset + TimeSpan.FromHours(5));
        _time.SetUtcNow(reset + TimeSpan.FromSeconds(1));
        Assert.Equal("max-a", (await ServedByAsync(gateway)).Credential);
    }

    [Fact]
    public async Task ProbeThatFails_IsRecordedAsFailed_AndTheProfileKeepsServing()
    {
        // The mock knows no plan for max-a's key: its usage path answers 404.
        var gateway = await _harness.StartGatewayAsync(ProfileYaml.Claude(_harness, "priority", a: ", heartbeat: { every: 1m, usageUrl: /plan/usage }"));

        var started = TimeProvider.System.GetTimestamp();
        List<RoutingCluster.Ledger.LedgerRecord> probes;
        while ((probes = [.. (await LedgerApi.ListAsync(gateway, null)).Where(r => r.FrontDoor == "heartbeat")]).Count == 0)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < ProfileRequests.Bound, "the probe never reached the ledger");
            await Task.Delay(20);
        }

        var probe = Assert.Single(probes);
        Assert.Equal(("max-a", "failed", 404), (probe.Credential, probe.Outcome, probe.Status));
        Assert.StartsWith("upstream answered 404", probe.Error, StringComparison.Ordinal);
        Assert.Equal("max-a", (await ServedByAsync(gateway)).Credential);
    }

    [Fact]
    public async Task GarbagePlanHeaders_AreIgnored_TheProfileKeepsServing()
    {
        var key = _harness.Upstream.KeyOf("max-a");
        _harness.Mock.Enqueue(key, MockReply.Ok().WithHeaders(
            ("anthropic-ratelimit-unified-5h-utilization", "banana"), ("anthropic-ratelimit-unified-5h-reset", "-1"),
            ("anthropic-ratelimit-unified-7d-utilization", "NaN"), ("anthropic-ratelimit-unified-status", "not a word!")));
        var gateway = await _harness.StartGatewayAsync(ClaudeYaml(strategy: "priority"));

        Assert.Equal("max-a", (await ServedByAsync(gateway)).Credential);
        Assert.Equal("max-a", (await ServedByAsync(gateway)).Credential);
    }

    private MockPlan Plan(string credential, MockPlanFormat format, double step) => ProfileRequests.Plan(_harness, credential, format, step);

    private string ClaudeYaml(string strategy = "drain", string? switchAt = null, string? reserveA = null) =>
        ProfileYaml.Claude(_harness, strategy, a: Fields(switchAt, reserveA), b: Fields(switchAt, null));

    private static string Fields(string? switchAt, string? reserveFor) =>
        (switchAt is null ? "" : $", switchAt: {switchAt}") + (reserveFor is null ? "" : $", reserveFor: {reserveFor}");

    private string OpenAiYaml() => $$"""
        providers:
          - { id: codex-plans, protocol: openai-chat, baseUrl: "{{_harness.Mock.OpenAiBaseUrl}}", class: hosted }
        credentials:
          - { id: max-a, provider: codex-plans, kind: subscription, token: "{{_harness.Upstream.ReferenceOf("max-a")}}" }
          - { id: max-b, provider: codex-plans, kind: subscription, token: "{{_harness.Upstream.ReferenceOf("max-b")}}" }
        models:
          - { id: codex, provider: codex-plans, upstreamModel: gpt-codex, contextWindow: 200000 }
        roles:
          default: { chain: [ { models: [codex], strategy: priority } ] }
        """;

    private static Task<(string Credential, string RequestId)> ServedByAsync(TestGateway gateway, string model = "default") => ProfileRequests.AskAsync(gateway, model);
}
