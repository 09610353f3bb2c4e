using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;
using Xunit;

namespace RoutingCluster.Testing;

public sealed class MockUpstreamTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly HttpClient _http = new();
    private MockUpstream _mock = null!;

    public async Task InitializeAsync() => _mock = await MockUpstream.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _mock.DisposeAsync();
    }

    [Fact]
    public async Task StartAsync_Started_BaseUrlIsLoopbackWithPort()
    {
        var uri = new Uri(_mock.BaseUrl);

        Assert.Equal("127.0.0.1", uri.Host);
        Assert.NotEqual(0, uri.Port);
        Assert.Equal(_mock.BaseUrl + "/v1", _mock.OpenAiBaseUrl);
        var models = JsonNode.Parse(await _http.GetStringAsync(_mock.OpenAiBaseUrl + "/models").WaitAsync(Bound))!;
        Assert.Equal("list", (string?)models["object"]);
        Assert.Equal(1, _mock.ModelListRequests);
    }

    [Fact]
    public async Task PostChat_PlainRequest_ReturnsCompletionAndRecordsRequest()
    {
        _mock.Enqueue(MockReply.Ok("pong", promptTokens: 3, completionTokens: 1));

        using var response = await SendAsync("key-a", ChatRequests.Body(model: "gpt-test"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("chat.completion", (string?)json["object"]);
        Assert.Equal("gpt-test", (string?)json["model"]);
        Assert.Equal("assistant", (string?)json["choices"]![0]!["message"]!["role"]);
        Assert.Equal("pong", (string?)json["choices"]![0]!["message"]!["content"]);
        Assert.Equal("stop", (string?)json["choices"]![0]!["finish_reason"]);
        Assert.Equal(4, (int?)json["usage"]!["total_tokens"]);

        var received = Assert.Single(_mock.Requests);
        Assert.Equal("key-a", received.ApiKey);
        Assert.Equal("gpt-test", received.Model);
        Assert.False(received.Stream);
        Assert.Equal("Bearer key-a", received.Headers["authorization"]);
        Assert.Equal(1, _mock.CountFor("key-a"));
        Assert.Equal(0, _mock.CountFor("key-b"));
    }

    [Fact]
    public async Task PostChat_XApiKeyHeader_RecordsKey()
    {
        using var request = ChatRequests.Post(_mock.OpenAiBaseUrl, null, ChatRequests.Body());
        request.Headers.Add("x-api-key", "key-x");

        using var response = await _http.SendAsync(request).WaitAsync(Bound);

        Assert.Equal("key-x", Assert.Single(_mock.Requests).ApiKey);
    }

    [Fact]
    public async Task PostChat_StreamWithIncludeUsage_SendsChunksThenUsageThenDone()
    {
        _mock.SetDefault(MockReply.Ok("Hello streaming world", promptTokens: 5, completionTokens: 4, chunks: 4));

        using var response = await SendAsync("key-a", ChatRequests.Body(stream: true, includeUsage: true));
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var events = await reader.ReadAllDataAsync().WaitAsync(Bound);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events.SkipLast(1).Select(e => JsonNode.Parse(e)!).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", (string?)c["object"]));
        Assert.Equal("assistant", (string?)chunks[0]["choices"]![0]!["delta"]!["role"]);
        var text = string.Concat(chunks.SkipLast(1).Select(c => (string?)c["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"]));
        Assert.Equal("Hello streaming world", text);
        Assert.Equal(4, chunks.Count(c => c["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"] is not null));
        Assert.Equal("stop", (string?)chunks[^2]["choices"]![0]!["finish_reason"]);
        Assert.Empty(chunks[^1]["choices"]!.AsArray());
        Assert.Equal(9, (int?)chunks[^1]["usage"]!["total_tokens"]);
        Assert.True(Assert.Single(_mock.Requests).IncludeUsage);
    }

    [Fact]
    public async Task PostChat_StreamWithoutIncludeUsage_HasNoUsageChunk()
    {
        using var response = await SendAsync("key-a", ChatRequests.Body(stream: true));
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var events = await reader.ReadAllDataAsync().WaitAsync(Bound);

        Assert.Equal("[DONE]", events[^1]);
        Assert.All(events.SkipLast(1), e => Assert.Null(JsonNode.Parse(e)!["usage"]));
        Assert.Equal("stop", (string?)JsonNode.Parse(events[^2])!["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public async Task PostChat_ToolCallWithTools_ReturnsToolCall()
    {
        _mock.Enqueue(MockReply.ToolCall("get_weather", """{"city":"Paris"}"""));

        using var response = await SendAsync("key-a", ChatRequests.Body(withTools: true));

        var choice = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["choices"]![0]!;
        Assert.Equal("tool_calls", (string?)choice["finish_reason"]);
        var call = choice["message"]!["tool_calls"]![0]!;
        Assert.Equal("get_weather", (string?)call["function"]!["name"]);
        Assert.Equal("""{"city":"Paris"}""", (string?)call["function"]!["arguments"]);
        Assert.True(Assert.Single(_mock.Requests).HasTools);
    }

    [Fact]
    public async Task PostChat_StreamedToolCall_SplitsArgumentsAcrossChunks()
    {
        _mock.Enqueue(MockReply.ToolCall("get_weather", """{"city":"Paris"}""", chunks: 3));

        using var response = await SendAsync("key-a", ChatRequests.Body(stream: true, withTools: true));
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var chunks = (await reader.ReadAllDataAsync().WaitAsync(Bound)).SkipLast(1).Select(e => JsonNode.Parse(e)!).ToList();

        var calls = chunks
            .Select(c => c["choices"]![0]!["delta"]!["tool_calls"]?[0])
            .OfType<JsonNode>()
            .ToList();
        Assert.Equal("get_weather", (string?)calls[0]["function"]!["name"]);
        Assert.Equal(3, calls.Count(c => ((string?)c["function"]!["arguments"])?.Length > 0));
        Assert.Equal("""{"city":"Paris"}""", string.Concat(calls.Select(c => (string?)c["function"]!["arguments"])));
        Assert.Equal("tool_calls", (string?)chunks[^1]["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public async Task PostChat_ToolCallWithoutTools_ReturnsContent()
    {
        _mock.Enqueue(MockReply.ToolCall("get_weather", "{}"));

        using var response = await SendAsync("key-a", ChatRequests.Body());

        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!;
        Assert.Equal(MockReply.DefaultContent, (string?)message["content"]);
        Assert.Null(message["tool_calls"]);
    }

    [Fact]
    public async Task PostChat_OpenAiSdkClient_ParsesPlainAndStreamedReplies()
    {
        var client = new ChatClient(
            "gpt-test", new ApiKeyCredential("key-sdk"), new OpenAIClientOptions { Endpoint = new Uri(_mock.OpenAiBaseUrl) });
        _mock.SetDefault("key-sdk", MockReply.Ok("sdk works", promptTokens: 7, completionTokens: 2));

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hi")]).WaitAsync(Bound);
        Assert.Equal("sdk works", completion.Content[0].Text);
        Assert.Equal(9, completion.Usage.TotalTokenCount);

        var text = new StringBuilder();
        int? total = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            total ??= update.Usage?.TotalTokenCount;
        }

        Assert.Equal("sdk works", text.ToString());
        Assert.Equal(9, total);
        Assert.All(_mock.Requests, r => Assert.Equal("key-sdk", r.ApiKey));
    }

    [Fact]
    public async Task Enqueue_RateLimitedForKeyA_OnlyKeyAGets429WithRetryAfter()
    {
        _mock.Enqueue("key-a", MockReply.RateLimited(TimeSpan.FromSeconds(30))
            .WithRateLimitHeaders(remainingRequests: 0, resetRequests: "20s"));

        using var limited = await SendAsync("key-a", ChatRequests.Body());
        using var other = await SendAsync("key-b", ChatRequests.Body());
        using var again = await SendAsync("key-a", ChatRequests.Body());

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), limited.Headers.RetryAfter?.Delta);
        Assert.Equal("0", limited.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        Assert.Equal("20s", limited.Headers.GetValues("x-ratelimit-reset-requests").Single());
        Assert.Equal("rate_limit_exceeded", (string?)JsonNode.Parse(await limited.Content.ReadAsStringAsync())!["error"]!["code"]);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Next_KeyQueueKeyDefaultAndGlobal_SpecificBeatsGeneral()
    {
        _mock.SetDefault(MockReply.ServerError(502));
        _mock.Enqueue(MockReply.Status(418));
        _mock.SetDefault("key-a", MockReply.ServerError(503));
        _mock.Enqueue("key-a", MockReply.Status(429, headers: ("retry-after", "1")));

        var statuses = new List<int>();
        foreach (var key in new[] { "key-a", "key-a", "key-b", "key-b" })
        {
            using var response = await SendAsync(key, ChatRequests.Body());
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([429, 503, 418, 502], statuses);
    }

    [Fact]
    public async Task PostChat_ResetBeforeHeaders_ClientThrowsHttpRequestException()
    {
        _mock.Enqueue("key-a", MockReply.ResetBeforeHeaders());

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync("key-a", ChatRequests.Body()));

        Assert.Equal(1, _mock.CountFor("key-a"));
    }

    [Fact]
    public async Task PostChat_ResetMidStream_ReadingThrowsAfterFirstChunk()
    {
        _mock.Enqueue(MockReply.ResetMidStream(afterChunks: 1));

        using var response = await SendAsync("key-a", ChatRequests.Body(stream: true));
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());

        var first = await reader.ReadDataAsync().WaitAsync(Bound);
        Assert.Equal("assistant", (string?)JsonNode.Parse(first!)!["choices"]![0]!["delta"]!["role"]);
        await Assert.ThrowsAnyAsync<IOException>(() => reader.ReadDataAsync().WaitAsync(Bound));
    }

    [Fact]
    public async Task PostChat_ResetMidBody_NonStreamingReadThrows()
    {
        _mock.Enqueue(MockReply.ResetMidStream());

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => SendAsync("key-a", ChatRequests.Body(), HttpCompletionOption.ResponseContentRead));
    }

    [Fact]
    public async Task HoldAfterFirstChunk_BeforeRelease_FirstChunkReadableRestHeld()
    {
        var gate = new MockGate();
        _mock.Enqueue(MockReply.HoldAfterFirstChunk(gate));

        using var response = await SendAsync("key-a", ChatRequests.Body(stream: true, includeUsage: true));
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());

        var first = await reader.ReadDataAsync().WaitAsync(Bound);
        Assert.NotNull(first);
        await gate.Reached.WaitAsync(Bound);
        var second = reader.ReadDataAsync();
        Assert.False(second.IsCompleted);
        Assert.Equal(1, _mock.InFlightFor("key-a"));

        gate.Release();
        Assert.NotNull(await second.WaitAsync(Bound));
        Assert.Equal("[DONE]", (await reader.ReadAllDataAsync().WaitAsync(Bound))[^1]);
    }

    [Fact]
    public async Task HoldFirstByte_ConcurrentRequests_TracksInFlightUntilRelease()
    {
        var gate = new MockGate();
        _mock.SetDefault("key-a", MockReply.HoldFirstByte(gate));

        var pending = Enumerable.Range(0, 3).Select(_ => SendAsync("key-a", ChatRequests.Body())).ToList();
        await _mock.WaitForRequestsAsync(3, r => r.ApiKey == "key-a", Bound);

        Assert.Equal(3, _mock.InFlightFor("key-a"));
        Assert.All(pending, p => Assert.False(p.IsCompleted));

        gate.Release();
        foreach (var response in await Task.WhenAll(pending).WaitAsync(Bound))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        Assert.Equal(3, _mock.MaxInFlightFor("key-a"));
        Assert.Equal(3, _mock.MaxInFlight);
    }

    [Fact]
    public async Task WaitForRequestAsync_RequestArrivesLater_ReturnsMatchingRequest()
    {
        var waiting = _mock.WaitForRequestAsync(r => r.ApiKey == "key-b", Bound);

        using var a = await SendAsync("key-a", ChatRequests.Body());
        Assert.False(waiting.IsCompleted);
        using var b = await SendAsync("key-b", ChatRequests.Body(model: "m-b"));

        Assert.Equal("m-b", (await waiting).Model);
    }

    [Fact]
    public async Task WaitForRequestAsync_NothingArrives_ThrowsTimeout()
    {
        await Assert.ThrowsAsync<TimeoutException>(() => _mock.WaitForRequestAsync(timeout: TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task DisposeAsync_RequestHeldAtGate_CompletesWithoutRelease()
    {
        var mock = await MockUpstream.StartAsync();
        var gate = new MockGate();
        mock.SetDefault(MockReply.HoldFirstByte(gate));
        var pending = _http.SendAsync(ChatRequests.Post(mock.OpenAiBaseUrl, "key-a", ChatRequests.Body()));
        await gate.Reached.WaitAsync(Bound);

        await mock.DisposeAsync().AsTask().WaitAsync(Bound);

        await Assert.ThrowsAsync<HttpRequestException>(() => pending.WaitAsync(Bound));
    }

    private Task<HttpResponseMessage> SendAsync(
        string apiKey, string body, HttpCompletionOption completion = HttpCompletionOption.ResponseHeadersRead) =>
        _http.SendAsync(ChatRequests.Post(_mock.OpenAiBaseUrl, apiKey, body), completion).WaitAsync(Bound);
}
