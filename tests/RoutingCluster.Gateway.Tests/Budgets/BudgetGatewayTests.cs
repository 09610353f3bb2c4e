using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Gateway.Tests.Metrics;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Tenants;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Budgets;

/// <summary>
/// Budgets and tenant rate limits through a real gateway on loopback (embedded silo, mock upstream),
/// on a fake clock that stands still: every figure below (spend, reset, retry-after) is exact.
/// </summary>
public sealed partial class BudgetGatewayTests : IAsyncLifetime
{
    // Wednesday 2 December 2026, 11:00 in Berlin; the month ends at 2026-12-31T23:00Z, the UTC day at 2026-12-03T00:00Z.
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MonthEnd = new(2026, 12, 31, 23, 0, 0, TimeSpan.Zero);

    private GatewayHarness _harness = null!;
    private TestSecret _teamKey = null!;
    private TestSecret _ciKey = null!;
    private TestSecret _devKey = null!;
    private TestSecret _limitedKey = null!;
    private TestSecret _freeKey = null!;

    public async Task InitializeAsync()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now);
        _harness = await GatewayHarness.StartMockAsync(["key-a"], time);
        _teamKey = _harness.SetSecret($"gw-team-{Guid.NewGuid():N}");
        _ciKey = _harness.SetSecret($"gw-ci-{Guid.NewGuid():N}");
        _devKey = _harness.SetSecret($"gw-dev-{Guid.NewGuid():N}");
        _limitedKey = _harness.SetSecret($"gw-lim-{Guid.NewGuid():N}");
        _freeKey = _harness.SetSecret($"gw-free-{Guid.NewGuid():N}");

        // $100 per million tokens either way: an answer of 500 + 8 tokens costs $0.0508.
        await _harness.StartGatewayAsync($$"""
            providers:
            {{_harness.Upstream.ProviderYaml()}}
            credentials:
            {{_harness.Upstream.CredentialsYaml()}}
            models:
              - { id: m1, provider: up, upstreamModel: up-model-1, contextWindow: 16000, price: { input: 100, output: 100 } }
            roles:
              default:
                chain:
                  - { models: [m1] }
            tenants:
              - id: team-a
                keys: [{ id: a-team, secret: "{{_teamKey.Reference}}" }]
                budgets: [{ period: month, usd: 0.1, warnAt: 0.5, timeZone: Europe/Berlin }]
              - id: team-k
                keys:
                  - { id: k-ci, secret: "{{_ciKey.Reference}}", budgets: [{ period: day, tokens: 510 }] }
                  - { id: k-dev, secret: "{{_devKey.Reference}}" }
              - id: team-r
                keys: [{ id: r-1, secret: "{{_limitedKey.Reference}}" }]
                limits: { rpm: 2 }
              - id: team-free
                keys: [{ id: f-1, secret: "{{_freeKey.Reference}}" }]
            """);
        _harness.Mock.SetDefault(new MockReply { PromptTokens = 500, CompletionTokens = 8 });
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ChatCompletions_BudgetExhausted_429InsufficientQuotaNamingTheBudgetAndItsReset()
    {
        using var first = await ChatAsync(_teamKey);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await ChatAsync(_teamKey);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        using var refused = await ChatAsync(_teamKey);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds((MonthEnd - Now).TotalSeconds), refused.Headers.RetryAfter?.Delta);
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.Single(body.RootElement.EnumerateObject());
        Assert.Equal("insufficient_quota", error.GetProperty("type").GetString());
        Assert.Equal("insufficient_quota", error.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("budget `team-a/month`", message, StringComparison.Ordinal);
        Assert.Contains("spent $0.1016 of $0.1", message, StringComparison.Ordinal);
        Assert.Contains("it resets at 2027-01-01T00:00:00+01:00", message, StringComparison.Ordinal);
        Assert.Equal(2, _harness.Mock.Requests.Count);
    }

    [Fact]
    public async Task Messages_BudgetExhausted_429InAnthropicsFormatWithRetryAfter()
    {
        for (var i = 0; i < 2; i++)
        {
            using var served = await ChatAsync(_teamKey);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        using var refused = await MessagesAsync(_teamKey);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds((MonthEnd - Now).TotalSeconds), refused.Headers.RetryAfter?.Delta);
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(["type", "error"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal(["type", "message"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("budget `team-a/month`", message, StringComparison.Ordinal);
        Assert.Contains("it resets at 2027-01-01T00:00:00+01:00", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletions_SpendPastWarnAt_AnswerCarriesTheWarningAndTheCounterMoves()
    {
        using var first = await ChatAsync(_teamKey);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.Contains("x-routing-budget-warning"));

        // $0.0508 spent (500 + 8 tokens at $100 per million), plus this request's estimate: past half of $0.1.
        using var second = await ChatAsync(_teamKey);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var warning = Assert.Single(second.Headers.GetValues("x-routing-budget-warning"));
        var match = WarningPattern().Match(warning);
        Assert.True(match.Success, warning);
        Assert.InRange(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 50, 99);

        using var metrics = await _harness.Http.GetAsync("/metrics");
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Matches(@"routing_budget_warnings_total\{[^}]*budget=""team-a/month""[^}]*\} 1", text);

        // What this node last learned: after the second settle, $0.1016 is spent and nothing is left.
        Assert.Matches(@"routing_budget_remaining\{[^}]*budget=""team-a/month""[^}]*unit=""usd""[^}]*\} 0", text);

        var families = string.Join('\n', text.Split('\n').Where(line => line.Contains("routing_budget_", StringComparison.Ordinal))) + "\n";
        var lint = await ToolProcess.RunAsync(PrometheusTools.Promtool, ["check", "metrics"], families, timeout: TimeSpan.FromSeconds(30));
        Assert.True(lint.Succeeded, "promtool check metrics on the budget families: " + lint.Describe());
        Assert.Equal("", (lint.Stdout + lint.Stderr).Trim());
    }

    [Fact]
    public async Task ChatCompletionsStream_SpendPastWarnAt_WarningGoesOutWithTheHeadersAndTheStreamIsCharged()
    {
        using var first = await ChatAsync(_teamKey);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var streamed = await SendAsync("/v1/chat/completions", _teamKey,
            """{"model":"m1","max_tokens":8,"stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""", anthropic: false);

        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal("text/event-stream", streamed.Content.Headers.ContentType?.MediaType);
        Assert.Matches(WarningPattern(), Assert.Single(streamed.Headers.GetValues("x-routing-budget-warning")));

        // The stream's reported usage was charged: both answers together are past the cap.
        using var refused = await ChatAsync(_teamKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("spent $0.1016 of $0.1", ErrorBodies.AssertOpenAi(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletions_KeyBudgetExhausted_RefusesThatKeyOnly()
    {
        using var first = await ChatAsync(_ciKey);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var refused = await ChatAsync(_ciKey);
        using var otherKey = await ChatAsync(_devKey);
        using var otherKeyAgain = await ChatAsync(_devKey);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var message = ErrorBodies.AssertOpenAi(await refused.Content.ReadAsStringAsync());
        Assert.Contains("budget `team-k/k-ci/day`", message, StringComparison.Ordinal);
        Assert.Contains("spent 508 tokens of 510 tokens", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherKeyAgain.StatusCode);
    }

    [Fact]
    public async Task ChatCompletions_TenantPastItsRpm_429RateLimitExceededWithRetryAfter_OtherTenantsServed()
    {
        for (var i = 0; i < 2; i++)
        {
            using var served = await ChatAsync(_limitedKey);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        using var refused = await ChatAsync(_limitedKey);
        using var other = await ChatAsync(_freeKey);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        // Until the minute window frees a slot (counted in whole seconds, so up to one more).
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(61));
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("rate_limit_exceeded", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("team-r", body.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(3, _harness.Mock.Requests.Count);

        using var anthropic = await MessagesAsync(_limitedKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, anthropic.StatusCode);
        Assert.Equal("rate_limit_error", JsonDocument.Parse(await anthropic.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("type").GetString());

        // Once the retry-after has passed, the tenant is served again.
        _harness.Time.Advance(refused.Headers.RetryAfter!.Delta!.Value);
        using var later = await ChatAsync(_limitedKey);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task ChatCompletions_TenantWithoutBudgetsOrLimits_ActivatesNoBudgetOrLimiterGrain()
    {
        for (var i = 0; i < 3; i++)
        {
            using var served = await ChatAsync(_freeKey);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        var management = _harness.Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var grains = (await management.GetDetailedGrainStatistics()).Select(g => g.GrainId.ToString()).ToList();
        Assert.Contains(grains, g => g.Contains("key-a", StringComparison.Ordinal));
        Assert.DoesNotContain(grains, g => g.Contains("budget", StringComparison.OrdinalIgnoreCase) || g.Contains(TenantLimiting.GrainPrefix, StringComparison.Ordinal));

        // The same check sees a tenant that has limits, and one that has a budget.
        using var limited = await ChatAsync(_limitedKey);
        using var budgeted = await ChatAsync(_teamKey);
        var after = (await management.GetDetailedGrainStatistics()).Select(g => g.GrainId.ToString()).ToList();
        Assert.Contains(after, g => g.Contains(TenantLimiting.GrainKey("team-r"), StringComparison.Ordinal));
        Assert.Contains(after, g => g.Contains("budget", StringComparison.OrdinalIgnoreCase) && g.Contains("team-a/month", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^team-a/month (\d+)% of \$0\.1$")]
    private static partial Regex WarningPattern();

    private Task<HttpResponseMessage> ChatAsync(TestSecret key) =>
        SendAsync("/v1/chat/completions", key, """{"model":"m1","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}""", anthropic: false);

    private Task<HttpResponseMessage> MessagesAsync(TestSecret key) =>
        SendAsync("/v1/messages", key, """{"model":"m1","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}""", anthropic: true);

    private async Task<HttpResponseMessage> SendAsync(string path, TestSecret key, string json, bool anthropic)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (anthropic)
        {
            request.Headers.Add("x-api-key", key.Value);
            request.Headers.Add("anthropic-version", "2023-06-01");
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Value);
        }

        var response = await _harness.Http.SendAsync(request);

        // The attempt settles after the answer (in the background): the next request must see its real cost.
        await _harness.Gateway.Services.GetRequiredService<BackgroundSettles>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return response;
    }
}
