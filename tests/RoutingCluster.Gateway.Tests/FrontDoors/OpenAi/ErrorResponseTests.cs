using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors.OpenAi;

/// <summary>Bad input and unservable requests answer in OpenAI's error format with the right status, never 500.</summary>
public sealed class ErrorResponseTests : IAsyncLifetime
{
    private const string GatewayKey = "gw-test-key-1234567890";
    private GatewayHarness _harness = null!;
    private TestSecret _gatewaySecret = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(["key-a"]);
        _gatewaySecret = _harness.SetSecret(GatewayKey);
        var extra = $"""
            {TenantYaml.Team(_gatewaySecret.Reference)}
            server: {"{"} maxRequestBodyBytes: 2048 {"}"}
            """;
        await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml(extra: extra));
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Post_MissingOrWrongGatewayKey_Answers401(string? key)
    {
        using var response = await PostAsync(ValidBody, key);

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_api_key");
        Assert.Empty(_harness.Mock.Requests);
    }

    [Fact]
    public async Task Post_GatewayKeyAsXApiKey_IsAccepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(ValidBody) };
        request.Headers.Add("x-api-key", GatewayKey);

        using var response = await _harness.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"model\":", "not valid JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "`model` is required")]
    [InlineData("{\"model\":\"default\"}", "`messages` is required")]
    [InlineData("{\"model\":\"default\",\"messages\":[]}", "`messages` is required")]
    public async Task Post_MalformedBody_Answers400WithReason(string body, string reason)
    {
        using var response = await PostAsync(body, GatewayKey);

        var message = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UnknownModel_Answers404ListingWhatExists()
    {
        using var response = await PostAsync("""{"model":"gpt-9","messages":[{"role":"user","content":"hi"}]}""", GatewayKey);

        var message = await AssertErrorAsync(response, HttpStatusCode.NotFound, "model_not_found");
        Assert.Contains("`gpt-9`", message, StringComparison.Ordinal);
        Assert.Contains("a role (default)", message, StringComparison.Ordinal);
        Assert.Contains("a model (m1)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UnknownRoleHeader_Answers400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(ValidBody) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayKey);
        request.Headers.Add("x-routing-role", "nope");

        using var response = await _harness.Http.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "unknown_role");
    }

    [Fact]
    public async Task Post_BodyOverLimit_Answers413()
    {
        var big = $$"""{"model":"default","messages":[{"role":"user","content":"{{new string('x', 4096)}}"}]}""";

        using var response = await PostAsync(big, GatewayKey);

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        Assert.Empty(_harness.Mock.Requests);
    }

    [Fact]
    public async Task Post_RequestLargerThanEveryContextWindow_Answers400ContextLengthExceeded()
    {
        var body = """{"model":"default","max_tokens":20000,"messages":[{"role":"user","content":"hi"}]}""";

        using var response = await PostAsync(body, GatewayKey);

        var message = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "context_length_exceeded");
        Assert.Contains("16000-token context window", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_EveryCandidateBreakerOpen_Answers503ThenRecoversAfterBreak()
    {
        _harness.Mock.SetDefault(_harness.Upstream.KeyOf("key-a"), MockReply.ServerError(500));
        for (var i = 0; i < 5; i++)
        {
            using var failed = await PostAsync(ValidBody, GatewayKey);
            Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        }

        using var open = await PostAsync(ValidBody, GatewayKey);
        var message = await AssertErrorAsync(open, HttpStatusCode.ServiceUnavailable, "no_available_candidate");
        Assert.Contains("breaker open", message, StringComparison.Ordinal);
        Assert.Equal(5, _harness.Mock.Requests.Count);

        _harness.Mock.SetDefault(_harness.Upstream.KeyOf("key-a"), MockReply.Ok("back"));
        _harness.Time.Advance(TimeSpan.FromSeconds(31));
        using var probe = await PostAsync(ValidBody, GatewayKey);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }

    [Fact]
    public async Task GetModels_ListsRolesAliasesAndModels()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayKey);

        using var response = await _harness.Http.SendAsync(request);

        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var ids = json.RootElement.GetProperty("data").EnumerateArray().Select(e => (e.GetProperty("id").GetString(), e.GetProperty("kind").GetString())).ToList();
        Assert.Equal([("default", "role"), ("m1", "model")], ids);
    }

    private const string ValidBody = """{"model":"default","messages":[{"role":"user","content":"hi"}]}""";

    private async Task<HttpResponseMessage> PostAsync(string body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(body) };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await _harness.Http.SendAsync(request);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <returns>The error message.</returns>
    private static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("type").GetString()));
        return error.GetProperty("message").GetString()!;
    }
}
