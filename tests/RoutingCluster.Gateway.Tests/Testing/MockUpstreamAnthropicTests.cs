using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace RoutingCluster.Testing;

public sealed class MockUpstreamAnthropicTests : IAsyncLifetime
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
    public async Task PostMessages_PlainRequest_ReturnsMessageAndRecordsRequest()
    {
        _mock.Enqueue(MockReply.Ok("pong", promptTokens: 3, completionTokens: 1));

        using var response = await SendAsync("key-a", AnthropicRequests.Body(model: "claude-test"), beta: "tools-2024-04-04");

        Assert.Equal(_mock.BaseUrl + "/v1", _mock.AnthropicBaseUrl);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("req_mock_1", response.Headers.GetValues("request-id").Single());
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("msg_mock_1", (string?)json["id"]);
        Assert.Equal("message", (string?)json["type"]);
        Assert.Equal("assistant", (string?)json["role"]);
        Assert.Equal("claude-test", (string?)json["model"]);
        Assert.Equal("text", (string?)json["content"]![0]!["type"]);
        Assert.Equal("pong", (string?)json["content"]![0]!["text"]);
        Assert.Equal("end_turn", (string?)json["stop_reason"]);
        Assert.Null(json["stop_sequence"]);
        Assert.Equal(3, (int?)json["usage"]!["input_tokens"]);
        Assert.Equal(1, (int?)json["usage"]!["output_tokens"]);

        var received = Assert.Single(_mock.Requests);
        Assert.Equal(MockProtocol.AnthropicMessages, received.Protocol);
        Assert.Equal("/v1/messages", received.Path);
        Assert.Equal("key-a", received.ApiKey);
        Assert.Equal("claude-test", received.Model);
        Assert.False(received.Stream);
        Assert.False(received.HasTools);
        Assert.Equal(AnthropicRequests.Version, received.AnthropicVersion);
        Assert.Equal("tools-2024-04-04", received.AnthropicBeta);
        Assert.Equal("key-a", received.Headers["x-api-key"]);
    }

    [Fact]
    public async Task PostMessages_BearerKeyOnly_RecordsKey()
    {
        using var request = AnthropicRequests.Post(_mock.AnthropicBaseUrl, null, AnthropicRequests.Body());
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "key-bearer");

        using var response = await _http.SendAsync(request).WaitAsync(Bound);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("key-bearer", Assert.Single(_mock.Requests).ApiKey);
    }

    [Fact]
    public async Task PostMessages_Stream_SendsEventsInOrderAndTextReassembles()
    {
        _mock.SetDefault(MockReply.Ok("Hello streaming world", promptTokens: 5, completionTokens: 4, chunks: 4));

        using var response = await SendAsync("key-a", AnthropicRequests.Body(stream: true));
        var events = await ReadEventsAsync(response);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            ["message_start", "content_block_start", "ping", .. Enumerable.Repeat("content_block_delta", 4),
             "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.Event));
        Assert.All(events, e => Assert.Equal(e.Event, (string?)Json(e)["type"]));
        var start = Json(events[0])["message"]!;
        Assert.Empty(start["content"]!.AsArray());
        Assert.Null(start["stop_reason"]);
        Assert.Equal(5, (int?)start["usage"]!["input_tokens"]);
        Assert.Equal(1, (int?)start["usage"]!["output_tokens"]);
        Assert.Equal("", (string?)Json(events[1])["content_block"]!["text"]);
        Assert.Equal("Hello streaming world", string.Concat(Deltas(events, "text_delta", "text")));
        var delta = Json(events[^2]);
        Assert.Equal("end_turn", (string?)delta["delta"]!["stop_reason"]);
        Assert.Equal(4, (int?)delta["usage"]!["output_tokens"]);
        Assert.True(Assert.Single(_mock.Requests).Stream);
    }

    [Fact]
    public async Task PostMessages_ToolCallWithTools_ReturnsToolUseBlock()
    {
        _mock.Enqueue(MockReply.ToolCall("get_weather", """{"city":"Paris"}"""));

        using var response = await SendAsync("key-a", AnthropicRequests.Body(withTools: true));

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("tool_use", (string?)json["stop_reason"]);
        var block = Assert.Single(json["content"]!.AsArray())!;
        Assert.Equal("tool_use", (string?)block["type"]);
        Assert.StartsWith("toolu_", (string?)block["id"], StringComparison.Ordinal);
        Assert.Equal("get_weather", (string?)block["name"]);
        Assert.Equal("Paris", (string?)block["input"]!["city"]);
        Assert.True(Assert.Single(_mock.Requests).HasTools);
    }

    [Fact]
    public async Task PostMessages_ToolCallWithoutTools_ReturnsText()
    {
        _mock.Enqueue(MockReply.ToolCall("get_weather", "{}"));

        using var response = await SendAsync("key-a", AnthropicRequests.Body());

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("end_turn", (string?)json["stop_reason"]);
        Assert.Equal(MockReply.DefaultContent, (string?)json["content"]![0]!["text"]);
    }

    [Fact]
    public async Task PostMessages_StreamedToolCallWithLeadingText_TwoBlocksAndPartialJsonReassembles()
    {
        const string arguments = """{"city":"Paris","unit":"celsius"}""";
        _mock.Enqueue(MockReply.ToolCall("get_weather", arguments, leadingText: "Let me check.", chunks: 5));

        using var response = await SendAsync("key-a", AnthropicRequests.Body(stream: true, withTools: true));
        var events = await ReadEventsAsync(response);

        var starts = events.Where(e => e.Event == "content_block_start").Select(Json).ToList();
        Assert.Equal([0, 1], starts.Select(s => (int)s["index"]!));
        Assert.Equal("text", (string?)starts[0]["content_block"]!["type"]);
        var toolUse = starts[1]["content_block"]!;
        Assert.Equal("tool_use", (string?)toolUse["type"]);
        Assert.Equal("get_weather", (string?)toolUse["name"]);
        Assert.StartsWith("toolu_", (string?)toolUse["id"], StringComparison.Ordinal);
        Assert.Empty(toolUse["input"]!.AsObject());
        Assert.Equal("Let me check.", string.Concat(Deltas(events, "text_delta", "text")));
        var pieces = Deltas(events, "input_json_delta", "partial_json");
        Assert.Equal(5, pieces.Count);
        Assert.Equal(arguments, string.Concat(pieces));
        Assert.All(
            events.Where(e => e.Event == "content_block_delta" && (string?)Json(e)["delta"]!["type"] == "input_json_delta"),
            e => Assert.Equal(1, (int)Json(e)["index"]!));
        Assert.Equal([0, 1], events.Where(e => e.Event == "content_block_stop").Select(e => (int)Json(e)["index"]!));
        Assert.Equal("tool_use", (string?)Json(events[^2])["delta"]!["stop_reason"]);
        Assert.Equal("message_stop", events[^1].Event);
    }

    [Fact]
    public async Task PostChat_ToolCallWithLeadingText_ContentBesideToolCalls()
    {
        _mock.Enqueue(MockReply.ToolCall("get_weather", """{"city":"Paris"}""", leadingText: "Checking."));

        using var response = await _http.SendAsync(
            ChatRequests.Post(_mock.OpenAiBaseUrl, "key-a", ChatRequests.Body(withTools: true))).WaitAsync(Bound);

        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!;
        Assert.Equal("Checking.", (string?)message["content"]);
        Assert.Equal("get_weather", (string?)message["tool_calls"]![0]!["function"]!["name"]);
    }

    [Fact]
    public async Task Enqueue_SameKeyOnBothEndpoints_SharesQueueAndRendersPerEndpoint()
    {
        _mock.Enqueue("key-a", MockReply.Ok("first"), MockReply.Ok("second"));

        using var chat = await _http.SendAsync(ChatRequests.Post(_mock.OpenAiBaseUrl, "key-a", ChatRequests.Body())).WaitAsync(Bound);
        using var messages = await SendAsync("key-a", AnthropicRequests.Body());

        Assert.Equal("first", (string?)JsonNode.Parse(await chat.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["content"]);
        Assert.Equal("second", (string?)JsonNode.Parse(await messages.Content.ReadAsStringAsync())!["content"]![0]!["text"]);
        Assert.Equal([MockProtocol.OpenAiChat, MockProtocol.AnthropicMessages], _mock.Requests.Select(r => r.Protocol));
        Assert.Equal(2, _mock.CountFor("key-a"));
    }

    [Fact]
    public async Task PostMessages_RateLimitedWithAnthropicHeaders_Returns429RateLimitErrorAndHeaders()
    {
        var reset = new DateTimeOffset(2026, 1, 1, 12, 0, 30, TimeSpan.Zero);
        _mock.Enqueue("key-a", MockReply.RateLimited(TimeSpan.FromSeconds(30))
            .WithAnthropicRateLimitHeaders(requestsRemaining: 0, requestsReset: reset, tokensRemaining: 1000, tokensReset: reset));

        using var limited = await SendAsync("key-a", AnthropicRequests.Body());

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), limited.Headers.RetryAfter?.Delta);
        var body = JsonNode.Parse(await limited.Content.ReadAsStringAsync())!;
        Assert.Equal("error", (string?)body["type"]);
        Assert.Equal("rate_limit_error", (string?)body["error"]!["type"]);
        Assert.False(string.IsNullOrEmpty((string?)body["error"]!["message"]));
        Assert.Equal("50", Header(limited, "anthropic-ratelimit-requests-limit"));
        Assert.Equal("0", Header(limited, "anthropic-ratelimit-requests-remaining"));
        Assert.Equal("2026-01-01T12:00:30Z", Header(limited, "anthropic-ratelimit-requests-reset"));
        foreach (var family in new[] { "tokens", "input-tokens", "output-tokens" })
        {
            Assert.Equal("100000", Header(limited, $"anthropic-ratelimit-{family}-limit"));
            Assert.Equal("1000", Header(limited, $"anthropic-ratelimit-{family}-remaining"));
            Assert.Equal(reset, DateTimeOffset.Parse(Header(limited, $"anthropic-ratelimit-{family}-reset"), CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("overloaded", 529, "overloaded_error")]
    [InlineData("server-529", 529, "overloaded_error")]
    [InlineData("server-500", 500, "api_error")]
    [InlineData("status-401", 401, "authentication_error")]
    public async Task PostMessages_ErrorReply_AnthropicErrorBodyOfStatus(string reply, int status, string type)
    {
        _mock.Enqueue(reply switch
        {
            "overloaded" => MockReply.Overloaded(),
            "server-529" => MockReply.ServerError(529),
            "server-500" => MockReply.ServerError(500),
            _ => MockReply.Status(401),
        });

        using var response = await SendAsync("key-a", AnthropicRequests.Body(stream: true));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("error", (string?)body["type"]);
        Assert.Equal(type, (string?)body["error"]!["type"]);
        Assert.Equal("req_mock_1", (string?)body["request_id"]);
    }

    [Fact]
    public async Task PostChat_Overloaded_OpenAiErrorBody()
    {
        _mock.Enqueue(MockReply.Overloaded());

        using var response = await _http.SendAsync(ChatRequests.Post(_mock.OpenAiBaseUrl, "key-a", ChatRequests.Body())).WaitAsync(Bound);

        Assert.Equal(529, (int)response.StatusCode);
        Assert.Equal("server_error", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["type"]);
    }

    [Theory]
    [InlineData("""{"max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""", "model")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"Hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":10}""", "messages")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"tool","content":"Be brief"}]}""", "role")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"assistant","content":null,"tool_calls":[]}]}""", "tool_calls")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"f"}}]}""", "tools.0")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"Hi"}],"stream_options":{}}""", "stream_options")]
    [InlineData("not json", "JSON")]
    public async Task PostMessages_InvalidRequest_Returns400InvalidRequestErrorWithoutUsingScript(string body, string mentions)
    {
        _mock.Enqueue("key-a", MockReply.Ok("scripted"));

        using var invalid = await SendAsync("key-a", body);
        using var valid = await SendAsync("key-a", AnthropicRequests.Body());

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var error = JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!;
        Assert.Equal("invalid_request_error", (string?)error["error"]!["type"]);
        Assert.Contains(mentions, (string?)error["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal("scripted", (string?)JsonNode.Parse(await valid.Content.ReadAsStringAsync())!["content"]![0]!["text"]);
        Assert.Equal(2, _mock.CountFor("key-a"));
    }

    [Fact]
    public async Task PostMessages_ResetBeforeHeaders_ClientThrowsHttpRequestException()
    {
        _mock.Enqueue(MockReply.ResetBeforeHeaders());

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync("key-a", AnthropicRequests.Body()));

        Assert.Equal(1, _mock.CountFor("key-a"));
    }

    [Fact]
    public async Task PostMessages_ResetMidStream_ReadingThrowsAfterFlushedEvents()
    {
        _mock.Enqueue(MockReply.ResetMidStream(afterChunks: 2));

        using var response = await SendAsync("key-a", AnthropicRequests.Body(stream: true));
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal("message_start", (await reader.ReadEventAsync().WaitAsync(Bound))?.Event);
        Assert.Equal("content_block_start", (await reader.ReadEventAsync().WaitAsync(Bound))?.Event);
        await Assert.ThrowsAnyAsync<IOException>(() => reader.ReadEventAsync().WaitAsync(Bound));
    }

    [Fact]
    public async Task PostMessages_ErrorMidStream_SendsErrorEventThenEnds()
    {
        _mock.Enqueue(MockReply.ErrorMidStream(afterChunks: 3));

        using var response = await SendAsync("key-a", AnthropicRequests.Body(stream: true));
        var events = await ReadEventsAsync(response);

        Assert.Equal(["message_start", "content_block_start", "ping", "error"], events.Select(e => e.Event));
        Assert.Equal("overloaded_error", (string?)Json(events[^1])["error"]!["type"]);
    }

    [Fact]
    public async Task PostChat_ErrorMidStream_SendsErrorChunkWithoutDone()
    {
        _mock.Enqueue(MockReply.ErrorMidStream(afterChunks: 1));

        using var response = await _http.SendAsync(
            ChatRequests.Post(_mock.OpenAiBaseUrl, "key-a", ChatRequests.Body(stream: true)),
            HttpCompletionOption.ResponseHeadersRead).WaitAsync(Bound);
        var events = await ReadEventsAsync(response);

        Assert.Equal(2, events.Count);
        Assert.Equal("server_error", (string?)Json(events[1])["error"]!["type"]);
    }

    [Fact]
    public async Task PostMessages_ErrorMidStreamNotStreaming_Returns529Overloaded()
    {
        _mock.Enqueue(MockReply.ErrorMidStream());

        using var response = await SendAsync("key-a", AnthropicRequests.Body());

        Assert.Equal(529, (int)response.StatusCode);
        Assert.Equal("overloaded_error", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["type"]);
    }

    [Fact]
    public async Task HoldAfterFirstChunk_MessagesStream_FirstEventReadableRestHeld()
    {
        var gate = new MockGate();
        _mock.Enqueue(MockReply.HoldAfterFirstChunk(gate));

        using var response = await SendAsync("key-a", AnthropicRequests.Body(stream: true));
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal("message_start", (await reader.ReadEventAsync().WaitAsync(Bound))?.Event);
        await gate.Reached.WaitAsync(Bound);
        var second = reader.ReadEventAsync();
        Assert.False(second.IsCompleted);
        Assert.Equal(1, _mock.InFlightFor("key-a"));

        gate.Release();
        Assert.Equal("content_block_start", (await second.WaitAsync(Bound))?.Event);
        Assert.Equal("message_stop", (await reader.ReadAllEventsAsync().WaitAsync(Bound))[^1].Event);
    }

    [Fact]
    public async Task HoldFirstByte_MessagesRequest_HeldUntilRelease()
    {
        var gate = new MockGate();
        _mock.SetDefault("key-a", MockReply.HoldFirstByte(gate));

        var pending = SendAsync("key-a", AnthropicRequests.Body());
        await gate.Reached.WaitAsync(Bound);
        Assert.False(pending.IsCompleted);
        Assert.Equal(1, _mock.InFlightFor("key-a"));

        gate.Release();
        using var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ok_WithCacheTokens_ReportedInAnthropicUsage()
    {
        _mock.Enqueue(MockReply.Ok(promptTokens: 10).WithCacheTokens(read: 100, creation: 20));

        using var response = await SendAsync("key-a", AnthropicRequests.Body());

        var usage = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["usage"]!;
        Assert.Equal(10, (int?)usage["input_tokens"]);
        Assert.Equal(100, (int?)usage["cache_read_input_tokens"]);
        Assert.Equal(20, (int?)usage["cache_creation_input_tokens"]);
    }

    [Fact]
    public async Task GetModels_AnthropicVersionHeader_ReturnsAnthropicModelList()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _mock.AnthropicBaseUrl + "/models");
        request.Headers.Add("anthropic-version", AnthropicRequests.Version);

        using var response = await _http.SendAsync(request).WaitAsync(Bound);

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("model", (string?)json["data"]![0]!["type"]);
        Assert.False((bool)json["has_more"]!);
    }

    private static JsonNode Json(SseMessage e) => JsonNode.Parse(e.Data)!;

    private static List<string> Deltas(IEnumerable<SseMessage> events, string type, string field) =>
        [.. events
            .Where(e => e.Event == "content_block_delta")
            .Select(e => Json(e)["delta"]!)
            .Where(d => (string?)d["type"] == type)
            .Select(d => (string)d[field]!)];

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();

    private static async Task<IReadOnlyList<SseMessage>> ReadEventsAsync(HttpResponseMessage response)
    {
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        return await reader.ReadAllEventsAsync().WaitAsync(Bound);
    }

    private Task<HttpResponseMessage> SendAsync(string apiKey, string body, string? beta = null) =>
        _http.SendAsync(AnthropicRequests.Post(_mock.AnthropicBaseUrl, apiKey, body, beta), HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(Bound);
}
