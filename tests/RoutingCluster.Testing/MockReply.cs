namespace RoutingCluster.Testing;

/// <summary>
/// What <see cref="MockUpstream"/> answers to one chat completion request. A 2xx reply is rendered as a
/// <c>chat.completion</c> (or SSE stream when the request asks for one); any other status sends
/// <see cref="Body"/> as JSON. Faults and gates apply on top of either.
/// </summary>
public sealed record MockReply
{
    public const string DefaultContent = "Hello from the mock upstream.";

    public int StatusCode { get; init; } = 200;

    /// <summary>Body for non-2xx replies; null renders an OpenAI-style error object.</summary>
    public string? Body { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public string Content { get; init; } = DefaultContent;

    public int PromptTokens { get; init; } = 12;

    public int CompletionTokens { get; init; } = 8;

    /// <summary>How many content (or tool-argument) deltas a streamed reply is split into.</summary>
    public int Chunks { get; init; } = 3;

    /// <summary>Answered instead of <see cref="Content"/> when the request declares <c>tools</c>.</summary>
    public MockToolCall? Tool { get; init; }

    public MockFault Fault { get; init; }

    /// <summary>For <see cref="MockFault.ResetMidStream"/>: SSE events sent before the abort.</summary>
    public int ResetAfterChunks { get; init; } = 1;

    /// <summary>Held before anything, headers included, is sent.</summary>
    public MockGate? FirstByteGate { get; init; }

    /// <summary>Held after the first SSE event (or the first half of a JSON body) is flushed.</summary>
    public MockGate? AfterFirstChunkGate { get; init; }

    public static MockReply Ok(
        string content = DefaultContent, int promptTokens = 12, int completionTokens = 8, int chunks = 3) =>
        new() { Content = content, PromptTokens = promptTokens, CompletionTokens = completionTokens, Chunks = chunks };

    /// <summary>A tool call when the request declares <c>tools</c>; plain content otherwise.</summary>
    public static MockReply ToolCall(string name, string argumentsJson, int chunks = 3) =>
        new() { Tool = new MockToolCall(name, argumentsJson), Chunks = chunks };

    public static MockReply Status(int status, string? body = null, params (string Name, string Value)[] headers) =>
        new MockReply { StatusCode = status, Body = body }.WithHeaders(headers);

    /// <summary>429 with <c>retry-after</c> (whole seconds, rounded up) and <c>retry-after-ms</c>.</summary>
    public static MockReply RateLimited(TimeSpan retryAfter)
    {
        var seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
        var body = MockJson.Error("Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded");
        return Status(
            429,
            body,
            ("retry-after", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("retry-after-ms", ((long)retryAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public static MockReply ServerError(int status = 500) =>
        Status(status, MockJson.Error("The server had an error while processing your request.", "server_error", null));

    public static MockReply ResetBeforeHeaders() => new() { Fault = MockFault.ResetBeforeHeaders };

    /// <summary>Streams <paramref name="afterChunks"/> SSE events, flushes, then aborts the connection.
    /// A non-streaming request gets half its JSON body before the abort.</summary>
    public static MockReply ResetMidStream(int afterChunks = 1) =>
        new() { Fault = MockFault.ResetMidStream, ResetAfterChunks = afterChunks };

    public static MockReply HoldFirstByte(MockGate gate) => new() { FirstByteGate = gate };

    public static MockReply HoldAfterFirstChunk(MockGate gate) => new() { AfterFirstChunkGate = gate };

    public MockReply WithHeaders(params (string Name, string Value)[] headers) =>
        this with { Headers = [.. Headers, .. headers.Select(h => KeyValuePair.Create(h.Name, h.Value))] };

    public MockReply WithFirstByteGate(MockGate gate) => this with { FirstByteGate = gate };

    public MockReply WithGateAfterFirstChunk(MockGate gate) => this with { AfterFirstChunkGate = gate };

    /// <summary>The OpenAI <c>x-ratelimit-*</c> headers; null values are left out.</summary>
    public MockReply WithRateLimitHeaders(
        int? remainingRequests = null, string? resetRequests = null, long? remainingTokens = null, string? resetTokens = null)
    {
        var headers = new List<(string, string)>();
        if (remainingRequests is { } rr)
        {
            headers.Add(("x-ratelimit-remaining-requests", rr.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (resetRequests is not null)
        {
            headers.Add(("x-ratelimit-reset-requests", resetRequests));
        }

        if (remainingTokens is { } rt)
        {
            headers.Add(("x-ratelimit-remaining-tokens", rt.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (resetTokens is not null)
        {
            headers.Add(("x-ratelimit-reset-tokens", resetTokens));
        }

        return WithHeaders([.. headers]);
    }
}

public sealed record MockToolCall(string Name, string ArgumentsJson);

public enum MockFault
{
    None,
    ResetBeforeHeaders,
    ResetMidStream,
}
