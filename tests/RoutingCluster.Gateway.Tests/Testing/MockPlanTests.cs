using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace RoutingCluster.Testing;

public sealed class MockPlanTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _http = new();
    private readonly FakeTimeProvider _time = new(Start);
    private MockUpstream _mock = null!;

    private static long Epoch5h => (Start + TimeSpan.FromHours(5)).ToUnixTimeSeconds();

    private static long Epoch7d => (Start + TimeSpan.FromDays(7)).ToUnixTimeSeconds();

    public async Task InitializeAsync() => _mock = await MockUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _mock.DisposeAsync();
    }

    [Fact]
    public void New_Defaults_WindowsEmptyAndResetFromTheClock()
    {
        var plan = new MockPlan(MockPlanFormat.Codex, _time);

        Assert.Equal(MockPlanFormat.Codex, plan.Format);
        Assert.Equal(0, plan.Utilization("5h"));
        Assert.Equal(0, plan.Utilization("7d"));
        Assert.Equal(Start + TimeSpan.FromHours(5), plan.ResetOf("5h"));
        Assert.Equal(Start + TimeSpan.FromDays(7), plan.ResetOf("7d"));
        Assert.Equal((0, 0, 0, 0), (plan.Step5h, plan.Step7d, plan.Counted, plan.UsageReads));
        Assert.Throws<ArgumentException>(() => plan.Set("1d", 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.Set("5h", 1.5));
    }

    [Fact]
    public async Task Codex_SuccessOnEveryEndpoint_HeadersRiseWithEachRequest()
    {
        var plan = new MockPlan(MockPlanFormat.Codex, _time) { Step5h = 0.25, Step7d = 0.1 };
        _mock.SetPlan("key-plan", plan);

        using var first = await SendChatAsync("key-plan");
        _time.Advance(TimeSpan.FromMinutes(1));
        using var second = await SendChatAsync("key-plan", stream: true);
        using var third = await SendResponsesAsync("key-plan", stream: true);
        var streamed = await ReadToEndAsync(third);

        Assert.All([first, second, third], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Contains("response.completed", streamed, StringComparison.Ordinal);
        Assert.Equal(["25", "50", "75"], [Header(first, "x-codex-primary-used-percent"), Header(second, "x-codex-primary-used-percent"), Header(third, "x-codex-primary-used-percent")]);
        Assert.Equal(["10", "20", "30"], [Header(first, "x-codex-secondary-used-percent"), Header(second, "x-codex-secondary-used-percent"), Header(third, "x-codex-secondary-used-percent")]);
        Assert.Equal("300", Header(first, "x-codex-primary-window-minutes"));
        Assert.Equal("10080", Header(first, "x-codex-secondary-window-minutes"));
        Assert.Equal(Epoch5h.ToString(CultureInfo.InvariantCulture), Header(first, "x-codex-primary-reset-at"));
        Assert.Equal(Epoch7d.ToString(CultureInfo.InvariantCulture), Header(first, "x-codex-secondary-reset-at"));
        Assert.Equal("18000", Header(first, "x-codex-primary-reset-after-seconds"));
        Assert.Equal("17940", Header(second, "x-codex-primary-reset-after-seconds"));
        Assert.Equal("604740", Header(second, "x-codex-secondary-reset-after-seconds"));
        Assert.Equal(3, plan.Counted);
        Assert.Equal(0.75, plan.Utilization("5h"));
    }

    [Fact]
    public async Task Anthropic_Success_HeadersRiseAndWarnFromEightyPercent()
    {
        var plan = new MockPlan(MockPlanFormat.Anthropic, _time) { Step5h = 0.3, Step7d = 0.05 };
        _mock.SetPlan("key-plan", plan);

        using var first = await SendMessagesAsync("key-plan");
        using var second = await SendMessagesAsync("key-plan");
        using var third = await SendMessagesAsync("key-plan", stream: true);
        await ReadToEndAsync(third);

        Assert.All([first, second, third], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(["0.3", "0.6", "0.9"], [Unified(first, "5h-utilization"), Unified(second, "5h-utilization"), Unified(third, "5h-utilization")]);
        Assert.Equal(["0.05", "0.1", "0.15"], [Unified(first, "7d-utilization"), Unified(second, "7d-utilization"), Unified(third, "7d-utilization")]);
        Assert.Equal(["allowed", "allowed", "allowed_warning"], [Unified(first, "status"), Unified(second, "status"), Unified(third, "status")]);
        Assert.Equal("allowed_warning", Unified(third, "5h-status"));
        Assert.Equal("allowed", Unified(third, "7d-status"));
        Assert.Equal("five_hour", Unified(third, "representative-claim"));
        Assert.Equal(Epoch5h.ToString(CultureInfo.InvariantCulture), Unified(third, "reset"));
        Assert.Equal(Epoch5h.ToString(CultureInfo.InvariantCulture), Unified(third, "5h-reset"));
        Assert.Equal(Epoch7d.ToString(CultureInfo.InvariantCulture), Unified(third, "7d-reset"));
        Assert.Equal("req_mock_3", Header(third, "request-id"));
        Assert.Equal(3, plan.Counted);
    }

    [Fact]
    public async Task Codex_AtLimit_Answers429UsageLimitReachedWithoutUsingTheScript()
    {
        var plan = new MockPlan(MockPlanFormat.Codex, _time) { Step5h = 0.25 };
        plan.Set("5h", 1);
        _mock.SetPlan("key-plan", plan);
        _mock.Enqueue("key-plan", MockReply.Ok("scripted"));

        using var refused = await SendChatAsync("key-plan", stream: true);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("usage_limit_reached", (string?)error["type"]);
        Assert.Equal("The usage limit has been reached", (string?)error["message"]);
        Assert.Equal(18000, (long?)error["resets_in_seconds"]);
        Assert.Equal(Epoch5h, (long?)error["resets_at"]);
        Assert.Equal("100", Header(refused, "x-codex-primary-used-percent"));
        Assert.Equal("0", Header(refused, "x-codex-secondary-used-percent"));
        Assert.Equal((0, 1.0), (plan.Counted, plan.Utilization("5h")));
        Assert.Equal(1, _mock.CountFor("key-plan"));

        plan.Set("5h", 0.5);
        using var served = await SendChatAsync("key-plan");

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("scripted", (string?)JsonNode.Parse(await served.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["content"]);
        Assert.Equal("75", Header(served, "x-codex-primary-used-percent"));
        Assert.Equal(1, plan.Counted);
    }

    [Fact]
    public async Task Codex_BothWindowsExhausted_RefusalNamesTheLaterReset()
    {
        var plan = new MockPlan(MockPlanFormat.Codex, _time);
        plan.Set("5h", 1);
        plan.Set("7d", 1);
        plan.SetReset("7d", Start + TimeSpan.FromDays(2));
        _mock.SetPlan("key-plan", plan);

        using var refused = await SendResponsesAsync("key-plan");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(2 * 86400, (long?)error["resets_in_seconds"]);
        Assert.Equal((Start + TimeSpan.FromDays(2)).ToUnixTimeSeconds(), (long?)error["resets_at"]);
        Assert.Equal("172800", Header(refused, "x-codex-secondary-reset-after-seconds"));
    }

    [Fact]
    public async Task Anthropic_AtLimit_Answers429RateLimitErrorRejected()
    {
        var plan = new MockPlan(MockPlanFormat.Anthropic, _time) { Step5h = 0.1, Step7d = 0.1 };
        plan.Set("5h", 0.4);
        plan.Set("7d", 1);
        _mock.SetPlan("key-plan", plan);
        _mock.SetDefault("key-plan", MockReply.Ok("scripted"));

        using var refused = await SendMessagesAsync("key-plan", stream: true);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var body = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal("error", (string?)body["type"]);
        Assert.Equal("rate_limit_error", (string?)body["error"]!["type"]);
        Assert.DoesNotContain("scripted", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("rejected", Unified(refused, "status"));
        Assert.Equal("rejected", Unified(refused, "7d-status"));
        Assert.Equal("allowed", Unified(refused, "5h-status"));
        Assert.Equal("seven_day", Unified(refused, "representative-claim"));
        Assert.Equal(Epoch7d.ToString(CultureInfo.InvariantCulture), Unified(refused, "reset"));
        Assert.Equal("0.4", Unified(refused, "5h-utilization"));
        Assert.Equal("1", Unified(refused, "7d-utilization"));
        Assert.Equal(0, plan.Counted);
    }

    [Fact]
    public async Task Set_OutOfBand_NextAnswerShowsIt()
    {
        var plan = new MockPlan(MockPlanFormat.Anthropic, _time) { Step5h = 0.1 };
        _mock.SetPlan("key-plan", plan);

        using var before = await SendMessagesAsync("key-plan");
        plan.Set("5h", 0.85);
        using var after = await SendMessagesAsync("key-plan");

        Assert.Equal("0.1", Unified(before, "5h-utilization"));
        Assert.Equal("allowed", Unified(before, "status"));
        Assert.Equal("0.95", Unified(after, "5h-utilization"));
        Assert.Equal("allowed_warning", Unified(after, "status"));
        Assert.Equal(0.95, plan.Utilization("5h"), 10);
    }

    [Fact]
    public async Task Steps_OfOneTenth_ReachTheLimitAfterTen()
    {
        var plan = new MockPlan(MockPlanFormat.Codex, _time) { Step5h = 0.1 };
        _mock.SetPlan("key-plan", plan);

        for (var i = 0; i < 10; i++)
        {
            using var served = await SendChatAsync("key-plan");
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        using var refused = await SendChatAsync("key-plan");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal((10, 1.0), (plan.Counted, plan.Utilization("5h")));
    }

    [Fact]
    public async Task UsageEndpoint_PlanKey_CarriesHeadersWithoutCounting()
    {
        var plan = new MockPlan(MockPlanFormat.Anthropic, _time) { Step5h = 0.25 };
        _mock.SetPlan("key-plan", plan);
        using var model = await SendMessagesAsync("key-plan");

        using var read1 = await GetUsageAsync("key-plan", anthropicStyle: true);
        using var read2 = await GetUsageAsync("key-plan", anthropicStyle: false);

        Assert.All([read1, read2], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal("{}", await read2.Content.ReadAsStringAsync());
        Assert.Equal("0.25", Unified(read1, "5h-utilization"));
        Assert.Equal("0.25", Unified(read2, "5h-utilization"));
        Assert.Equal("allowed", Unified(read2, "status"));
        Assert.Equal((1, 2, 0.25), (plan.Counted, plan.UsageReads, plan.Utilization("5h")));
        Assert.Equal(3, _mock.CountFor("key-plan"));
        var usage = _mock.Requests[^1];
        Assert.Equal(("GET", "/plan/usage", MockProtocol.PlanUsage, "key-plan"), (usage.Method, usage.Path, usage.Protocol, usage.ApiKey));
    }

    [Fact]
    public async Task UsageEndpoint_KeyWithoutPlan_Answers404AndIsRecorded()
    {
        _mock.SetPlan("key-plan", new MockPlan(MockPlanFormat.Codex, _time));

        using var response = await GetUsageAsync("key-free", anthropicStyle: false);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(PlanHeaders(response));
        Assert.Equal(1, _mock.CountFor("key-free"));
    }

    [Fact]
    public async Task KeyWithoutPlan_AnswersAsBefore_WithoutPlanHeaders()
    {
        var plan = new MockPlan(MockPlanFormat.Anthropic, _time) { Step5h = 0.5 };
        plan.Set("5h", 1);
        _mock.SetPlan("key-plan", plan);
        _mock.SetPlan("key-codex", new MockPlan(MockPlanFormat.Codex, _time) { Step5h = 1 });

        using var messages = await SendMessagesAsync("key-free");
        using var chat = await SendChatAsync("key-free");

        Assert.Equal(HttpStatusCode.OK, messages.StatusCode);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Empty(PlanHeaders(messages));
        Assert.Empty(PlanHeaders(chat));
        Assert.Equal(0, plan.Counted);
    }

    [Fact]
    public async Task ScriptedError_CarriesPlanHeadersAndItsOwn()
    {
        var plan = new MockPlan(MockPlanFormat.Codex, _time) { Step5h = 0.2 };
        _mock.SetPlan("key-plan", plan);
        _mock.Enqueue(
            "key-plan",
            MockReply.ServerError(503).WithHeaders(("x-extra", "1")),
            MockReply.Ok().WithHeaders(("x-codex-primary-used-percent", "42")));

        using var failed = await SendChatAsync("key-plan");
        using var overridden = await SendChatAsync("key-plan");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("20", Header(failed, "x-codex-primary-used-percent"));
        Assert.Equal("1", Header(failed, "x-extra"));
        Assert.Equal("42", Header(overridden, "x-codex-primary-used-percent"));
        Assert.Equal("0", Header(overridden, "x-codex-secondary-used-percent"));
        Assert.Equal(0.4, plan.Utilization("5h"), 10);
    }

    [Fact]
    public async Task InvalidAnthropicRequest_CarriesPlanHeadersWithoutCounting()
    {
        var plan = new MockPlan(MockPlanFormat.Anthropic, _time) { Step5h = 0.5 };
        _mock.SetPlan("key-plan", plan);

        using var request = AnthropicRequests.Post(_mock.AnthropicBaseUrl, "key-plan", """{"model":"claude-mock"}""");
        using var response = await _http.SendAsync(request).WaitAsync(Bound);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("0", Unified(response, "5h-utilization"));
        Assert.Equal(0, plan.Counted);
    }

    [Fact]
    public async Task Reset_ForgetsPlans()
    {
        var plan = new MockPlan(MockPlanFormat.Codex, _time) { Step5h = 0.5 };
        _mock.SetPlan("key-plan", plan);

        _mock.Reset();
        using var response = await SendChatAsync("key-plan");
        using var usage = await GetUsageAsync("key-plan", anthropicStyle: false);

        Assert.Empty(PlanHeaders(response));
        Assert.Equal(HttpStatusCode.NotFound, usage.StatusCode);
        Assert.Equal(0, plan.Counted);
    }

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    private static string Unified(HttpResponseMessage response, string suffix) =>
        Header(response, "anthropic-ratelimit-unified-" + suffix);

    private static List<string> PlanHeaders(HttpResponseMessage response) =>
        [.. response.Headers
            .Select(h => h.Key)
            .Where(k => k.StartsWith("anthropic-ratelimit-unified-", StringComparison.OrdinalIgnoreCase)
                || k.StartsWith("x-codex-", StringComparison.OrdinalIgnoreCase))];

    private static async Task<string> ReadToEndAsync(HttpResponseMessage response) =>
        await response.Content.ReadAsStringAsync().WaitAsync(Bound);

    private Task<HttpResponseMessage> SendChatAsync(string apiKey, bool stream = false) =>
        _http.SendAsync(ChatRequests.Post(_mock.OpenAiBaseUrl, apiKey, ChatRequests.Body(stream: stream)), HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(Bound);

    private Task<HttpResponseMessage> SendMessagesAsync(string apiKey, bool stream = false) =>
        _http.SendAsync(AnthropicRequests.Post(_mock.AnthropicBaseUrl, apiKey, AnthropicRequests.Body(stream: stream)), HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(Bound);

    private Task<HttpResponseMessage> SendResponsesAsync(string apiKey, bool stream = false)
    {
        var body = new JsonObject { ["model"] = "gpt-mock", ["input"] = "Hi", ["stream"] = stream }.ToJsonString();
        var request = new HttpRequestMessage(HttpMethod.Post, _mock.OpenAiBaseUrl + "/responses")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Bound);
    }

    private Task<HttpResponseMessage> GetUsageAsync(string apiKey, bool anthropicStyle)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, _mock.PlanUsageUrl);
        if (anthropicStyle)
        {
            request.Headers.Add("x-api-key", apiKey);
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return _http.SendAsync(request).WaitAsync(Bound);
    }
}
