using System.Globalization;

namespace RoutingCluster.Testing;

/// <summary>
/// What <see cref="MockUpstream"/> answers to one request, in the wire format of the endpoint that received
/// it: a 2xx reply is rendered as an OpenAI <c>chat.completion</c> or an Anthropic <c>message</c> (or the
/// matching SSE stream when the request asks for one); any other status sends <see cref="Body"/>, or else an
/// error object in that endpoint's format. Faults and gates apply on top of either.
/// </summary>
public sealed record MockReply
{
    public const string DefaultContent = "Hello from the mock upstream.";

    public int StatusCode { get; init; } = 200;

    /// <summary>Body for non-2xx replies, sent verbatim on every endpoint; null renders an error object in the
    /// receiving endpoint's format (OpenAI <c>{"error":{...}}</c> or Anthropic <c>{"type":"error","error":{...}}</c>).</summary>
    public string? Body { get; init; }

    /// <summary>When set, <see cref="Body"/> is sent as is with this content type (see <see cref="Raw"/>).</summary>
    public string? RawContentType { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public string Content { get; init; } = DefaultContent;

    /// <summary>Any figure, <c>long.MaxValue</c> included, to play an upstream that reports nonsense.</summary>
    public long PromptTokens { get; init; } = 12;

    public long CompletionTokens { get; init; } = 8;

    /// <summary>How many content (or tool-argument) deltas a streamed reply is split into.</summary>
    public int Chunks { get; init; } = 3;

    /// <summary>Anthropic <c>cache_read_input_tokens</c>; OpenAI <c>prompt_tokens_details.cached_tokens</c> when non-zero.</summary>
    public int CacheReadTokens { get; init; }

    /// <summary>Anthropic <c>cache_creation_input_tokens</c>; not rendered by the OpenAI endpoint.</summary>
    public int CacheCreationTokens { get; init; }

    /// <summary>Answered instead of <see cref="Content"/> when the request declares <c>tools</c>.</summary>
    public MockToolCall? Tool { get; init; }

    /// <summary>With <see cref="Tool"/>: text sent before the tool call (an Anthropic text block ahead of the
    /// <c>tool_use</c> block; OpenAI <c>content</c> beside <c>tool_calls</c>).</summary>
    public string? LeadingText { get; init; }

    public MockFault Fault { get; init; }

    /// <summary>For <see cref="MockFault.OversizedEvent"/>: the bytes of the first event's one data line.</summary>
    public long OversizedEventBytes { get; init; }

    /// <summary>For <see cref="MockFault.ResetMidStream"/>: SSE events sent before the abort.</summary>
    public int ResetAfterChunks { get; init; } = 1;

    /// <summary>The error of a non-2xx reply or of <see cref="MockFault.ErrorMidStream"/>, rendered per endpoint
    /// when <see cref="Body"/> is null; null renders a generic error matching the status.</summary>
    internal MockError? Error { get; init; }

    /// <summary>Held before anything, headers included, is sent.</summary>
    public MockGate? FirstByteGate { get; init; }

    /// <summary>A slow upstream: how long the answer waits before its first byte.</summary>
    public TimeSpan FirstByteDelay { get; init; }

    /// <summary>Held after the first SSE event (or the first half of a JSON body) is flushed.</summary>
    public MockGate? AfterFirstChunkGate { get; init; }

    public static MockReply Ok(
        string content = DefaultContent, long promptTokens = 12, long completionTokens = 8, int chunks = 3) =>
        new() { Content = content, PromptTokens = promptTokens, CompletionTokens = completionTokens, Chunks = chunks };

    /// <summary>A tool call when the request declares <c>tools</c>; plain content otherwise.</summary>
    public static MockReply ToolCall(string name, string argumentsJson, int chunks = 3) =>
        new() { Tool = new MockToolCall(name, argumentsJson), Chunks = chunks };

    /// <summary>Like <see cref="ToolCall(string, string, int)"/>, with <paramref name="leadingText"/> sent before
    /// the call, so an Anthropic stream carries two content blocks (text at index 0, <c>tool_use</c> at 1).</summary>
    public static MockReply ToolCall(string name, string argumentsJson, string leadingText, int chunks = 3) =>
        ToolCall(name, argumentsJson, chunks) with { LeadingText = leadingText };

    /// <summary>Exactly these bytes with this status and content type, streamed request or not: a broken upstream.</summary>
    public static MockReply Raw(int status, string body, string contentType) =>
        new() { StatusCode = status, Body = body, RawContentType = contentType };

    public static MockReply Status(int status, string? body = null, params (string Name, string Value)[] headers) =>
        new MockReply { StatusCode = status, Body = body }.WithHeaders(headers);

    /// <summary>429 with <c>retry-after</c> (whole seconds, rounded up) and <c>retry-after-ms</c>; the body is an
    /// OpenAI <c>rate_limit_exceeded</c> or an Anthropic <c>rate_limit_error</c>.</summary>
    public static MockReply RateLimited(TimeSpan retryAfter)
    {
        var seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
        var error = new MockError(
            "Rate limit reached for requests. Please try again later.",
            "requests",
            "rate_limit_exceeded",
            AnthropicType: "rate_limit_error",
            AnthropicMessage: "This request would exceed the rate limit for your organization. Please try again later.");
        return new MockReply { StatusCode = 429, Error = error }.WithHeaders(
            ("retry-after", seconds.ToString(CultureInfo.InvariantCulture)),
            ("retry-after-ms", ((long)retryAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>An OpenAI <c>server_error</c>; on the Anthropic endpoint <c>api_error</c>, or
    /// <c>overloaded_error</c> for 529.</summary>
    public static MockReply ServerError(int status = 500) =>
        new() { StatusCode = status, Error = new MockError("The server had an error while processing your request.", "server_error", null) };

    /// <summary>529 <c>overloaded_error</c>, Anthropic's "try again shortly" (an OpenAI endpoint gets <c>server_error</c>).</summary>
    public static MockReply Overloaded() =>
        new() { StatusCode = 529, Error = new MockError("Overloaded", "server_error", null, "overloaded_error") };

    /// <summary>An Anthropic error body, for <see cref="Status"/> replies with a specific error type.</summary>
    public static string AnthropicErrorBody(string type, string message) => MockAnthropicJson.Error(type, message, null);

    public static MockReply ResetBeforeHeaders() => new() { Fault = MockFault.ResetBeforeHeaders };

    /// <summary>Streams <paramref name="afterChunks"/> SSE events, flushes, then aborts the connection.
    /// A non-streaming request gets half its JSON body before the abort.</summary>
    public static MockReply ResetMidStream(int afterChunks = 1) =>
        new() { Fault = MockFault.ResetMidStream, ResetAfterChunks = afterChunks };

    /// <summary>Streams <paramref name="afterChunks"/> SSE events, then an error event (Anthropic
    /// <c>event: error</c> with <c>overloaded_error</c>; OpenAI <c>data: {"error":...}</c>) and ends the stream
    /// cleanly, without <c>message_stop</c> or <c>[DONE]</c>. A non-streaming request gets a 529.</summary>
    public static MockReply ErrorMidStream(int afterChunks = 1) =>
        new()
        {
            Fault = MockFault.ErrorMidStream,
            ResetAfterChunks = afterChunks,
            Error = new MockError("The server is overloaded.", "server_error", null, "overloaded_error", "Overloaded"),
        };

    /// <summary>A stream whose first event never ends: one <c>data:</c> line of <paramref name="bytes"/> bytes,
    /// flushed in 64 KiB pieces, with no blank line after it. A non-streaming request gets a normal body.</summary>
    public static MockReply OversizedEvent(long bytes) => new() { Fault = MockFault.OversizedEvent, OversizedEventBytes = bytes };

    public static MockReply HoldFirstByte(MockGate gate) => new() { FirstByteGate = gate };

    public static MockReply HoldAfterFirstChunk(MockGate gate) => new() { AfterFirstChunkGate = gate };

    public MockReply WithHeaders(params (string Name, string Value)[] headers) =>
        this with { Headers = [.. Headers, .. headers.Select(h => KeyValuePair.Create(h.Name, h.Value))] };

    public MockReply WithFirstByteGate(MockGate gate) => this with { FirstByteGate = gate };

    public MockReply WithFirstByteDelay(TimeSpan delay) => this with { FirstByteDelay = delay };

    public MockReply WithGateAfterFirstChunk(MockGate gate) => this with { AfterFirstChunkGate = gate };

    public MockReply WithCacheTokens(int read, int creation = 0) =>
        this with { CacheReadTokens = read, CacheCreationTokens = creation };

    /// <summary>The OpenAI <c>x-ratelimit-*</c> headers; null values are left out.</summary>
    public MockReply WithRateLimitHeaders(
        int? remainingRequests = null, string? resetRequests = null, long? remainingTokens = null, string? resetTokens = null)
    {
        var headers = new List<(string, string)>();
        if (remainingRequests is { } rr)
        {
            headers.Add(("x-ratelimit-remaining-requests", rr.ToString(CultureInfo.InvariantCulture)));
        }

        if (resetRequests is not null)
        {
            headers.Add(("x-ratelimit-reset-requests", resetRequests));
        }

        if (remainingTokens is { } rt)
        {
            headers.Add(("x-ratelimit-remaining-tokens", rt.ToString(CultureInfo.InvariantCulture)));
        }

        if (resetTokens is not null)
        {
            headers.Add(("x-ratelimit-reset-tokens", resetTokens));
        }

        return WithHeaders([.. headers]);
    }

    /// <summary>
    /// The <c>anthropic-ratelimit-*</c> headers as Anthropic sends them: <c>-limit</c>, <c>-remaining</c> and
    /// <c>-reset</c> (RFC 3339, UTC) for <c>requests</c>, <c>tokens</c>, <c>input-tokens</c> and <c>output-tokens</c>.
    /// A family is sent when its remaining or reset is given; the input and output families default to the
    /// <c>tokens</c> values. Combine with <see cref="RateLimited"/> for <c>retry-after</c>.
    /// </summary>
    public MockReply WithAnthropicRateLimitHeaders(
        int? requestsRemaining = null,
        DateTimeOffset? requestsReset = null,
        long? tokensRemaining = null,
        DateTimeOffset? tokensReset = null,
        long? inputTokensRemaining = null,
        long? outputTokensRemaining = null,
        int requestsLimit = 50,
        long tokensLimit = 100_000)
    {
        var headers = new List<(string, string)>();
        AddFamily(headers, "requests", requestsLimit, requestsRemaining, requestsReset);
        AddFamily(headers, "tokens", tokensLimit, tokensRemaining, tokensReset);
        AddFamily(headers, "input-tokens", tokensLimit, inputTokensRemaining ?? tokensRemaining, tokensReset);
        AddFamily(headers, "output-tokens", tokensLimit, outputTokensRemaining ?? tokensRemaining, tokensReset);
        return WithHeaders([.. headers]);

        static void AddFamily(List<(string, string)> headers, string family, long limit, long? remaining, DateTimeOffset? reset)
        {
            if (remaining is null && reset is null)
            {
                return;
            }

            var prefix = "anthropic-ratelimit-" + family;
            headers.Add((prefix + "-limit", limit.ToString(CultureInfo.InvariantCulture)));
            if (remaining is { } left)
            {
                headers.Add((prefix + "-remaining", left.ToString(CultureInfo.InvariantCulture)));
            }

            if (reset is { } at)
            {
                headers.Add((prefix + "-reset", at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
            }
        }
    }
}

public sealed record MockToolCall(string Name, string ArgumentsJson);

public enum MockFault
{
    None,
    ResetBeforeHeaders,
    ResetMidStream,
    ErrorMidStream,
    OversizedEvent,
}

/// <summary>One error in both wire formats; the Anthropic type defaults from the status, the message from
/// <paramref name="Message"/>.</summary>
internal sealed record MockError(
    string Message, string OpenAiType, string? OpenAiCode, string? AnthropicType = null, string? AnthropicMessage = null);
