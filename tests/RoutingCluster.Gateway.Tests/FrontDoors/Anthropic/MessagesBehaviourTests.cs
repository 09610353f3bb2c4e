using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors.Anthropic;

/// <summary>Anthropic front door and upstream behaviour: limits learned from headers, 529 failover, errors in Anthropic's format.</summary>
public sealed class MessagesBehaviourTests : TwoProtocolGatewayTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    [Fact]
    public async Task Post_AnthropicRequestsRemainingZero_KeyCooledDownUntilHeaderReset()
    {
        var reset = Gateway.Time.GetUtcNow().AddSeconds(40);
        Mock.Enqueue(Config.KeyOf("an-1"), MockReply.Ok("last one").WithAnthropicRateLimitHeaders(requestsRemaining: 0, requestsReset: reset));

        Assert.Equal("an-1", await ServedByAsync("anthropic"));
        Assert.Equal("an-2", await ServedByAsync("anthropic"));
        Gateway.Time.Advance(TimeSpan.FromSeconds(39));
        Assert.Equal("an-2", await ServedByAsync("anthropic"));
        Gateway.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("an-1", await ServedByAsync("anthropic"));
    }

    [Fact]
    public async Task Post_Upstream529Overloaded_FailsOverToNextKey()
    {
        Mock.Enqueue(Config.KeyOf("an-1"), MockReply.Overloaded());

        using var response = await PostAsync("""{"model":"anthropic","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}""");

        response.EnsureSuccessStatusCode();
        Assert.Equal("an-2", response.Headers.GetValues("x-routing-credential").Single());
        Assert.Equal("2", response.Headers.GetValues("x-routing-attempts").Single());
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task Stream_UpstreamBreaksAfterFirstEvents_EndsWithAnthropicErrorEvent(string role)
    {
        Mock.SetDefault(MockReply.ResetMidStream(afterChunks: 3));

        using var response = await Gateway.Http.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = Json($$"""{"model":"{{role}}","max_tokens":16,"stream":true,"messages":[{"role":"user","content":"hi"}]}""") },
            HttpCompletionOption.ResponseHeadersRead);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var events = await reader.ReadAllEventsAsync().WaitAsync(Bound);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("message_start", events[0].Event);
        Assert.Equal("error", events[^1].Event);
        using var error = JsonDocument.Parse(events[^1].Data);
        Assert.Equal("error", error.RootElement.GetProperty("type").GetString());
        Assert.Equal("api_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.DoesNotContain(events, e => e.Event == "message_stop");
        Assert.Single(Mock.Requests);
    }

    [Theory]
    [InlineData("""{"model":"anthropic","messages":[{"role":"user","content":"hi"}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "`max_tokens` is required")]
    [InlineData("""{"model":"claude-opus-9","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", HttpStatusCode.OK, null, null)]
    [InlineData("""{"model":"gpt-9","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", HttpStatusCode.NotFound, "not_found_error", "`gpt-9` does not exist")]
    [InlineData("""{"model":"anthropic","max_tokens":5,"messages":[{"role":"user","content":[{"type":"search_result","source":"x","title":"t","content":[]}]}]}""", HttpStatusCode.OK, null, null)]
    [InlineData("""{"model":"openai","max_tokens":5,"messages":[{"role":"user","content":[{"type":"search_result","source":"x","title":"t","content":[]}]}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "search_result")]
    public async Task Post_VariousBodies_AnswerInAnthropicFormat(string body, HttpStatusCode status, string? type, string? message)
    {
        using var response = await PostAsync(body);

        Assert.Equal(status, response.StatusCode);
        if (type is not null)
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
            Assert.Equal(type, json.RootElement.GetProperty("error").GetProperty("type").GetString());
            Assert.Contains(message!, json.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Post_UpstreamRejectsRequest_ErrorTranslatedToClientFormat()
    {
        Mock.Enqueue(Config.KeyOf("an-1"), MockReply.Status(400, MockReply.AnthropicErrorBody("invalid_request_error", "max_tokens: too large for model")));

        using var response = await Gateway.Http.PostAsync("/v1/chat/completions", Json("""{"model":"anthropic","messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("max_tokens: too large for model", json.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task CountTokens_LongerPrompt_LargerEstimate()
    {
        var small = await CountAsync(new string('a', 40));
        var large = await CountAsync(new string('a', 4000));

        Assert.InRange(large - small, 980, 1000);
    }

    [Fact]
    public async Task Post_WithGatewayKeys_BearerOrXApiKeyAcceptedOthers401()
    {
        var secret = Harness.SetSecret("gw-anthropic-key-123");
        var gateway = await Harness.StartGatewayAsync(Config.Yaml(TenantYaml.Team(secret.Reference)));
        var body = """{"model":"anthropic","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""";

        using var none = await gateway.Http.PostAsync("/v1/messages", Json(body));
        using var bearer = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = Json(body) };
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret.Value);
        using var apiKey = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = Json(body) };
        apiKey.Headers.Add("x-api-key", secret.Value);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("\"authentication_error\"", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.SendAsync(bearer)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.SendAsync(apiKey)).StatusCode);
    }

    private async Task<long> CountAsync(string text)
    {
        using var response = await Gateway.Http.PostAsync("/v1/messages/count_tokens", Json($$"""{"model":"anthropic","messages":[{"role":"user","content":"{{text}}"}]}"""));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("input_tokens").GetInt64();
    }

    private async Task<string> ServedByAsync(string model)
    {
        using var response = await PostAsync($$"""{"model":"{{model}}","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}""");
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("x-routing-credential").Single();
    }

    private Task<HttpResponseMessage> PostAsync(string body) => Gateway.Http.PostAsync("/v1/messages", Json(body));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
