using System.Globalization;

namespace RoutingCluster.Testing;

/// <summary>One SSE event as <see cref="MockUpstream"/> writes it; a null name sends only <c>data:</c>.</summary>
internal readonly record struct MockSseEvent(string? Name, string Data)
{
    public string Format() => Name is null ? $"data: {Data}\n\n" : $"event: {Name}\ndata: {Data}\n\n";
}

/// <summary>
/// How one endpoint renders a <see cref="MockReply"/>, so the same script answers every protocol and
/// <see cref="MockResponder"/> applies gates and faults without knowing the format.
/// </summary>
internal interface IMockWire
{
    /// <summary>Headers every response of the endpoint carries (e.g. Anthropic's <c>request-id</c>).</summary>
    IEnumerable<(string Name, string Value)> Headers(ReceivedRequest request);

    string Body(ReceivedRequest request, MockReply reply, bool useTool);

    IReadOnlyList<MockSseEvent> Stream(ReceivedRequest request, MockReply reply, bool useTool);

    /// <summary>Sent after the last event of a complete stream (OpenAI's <c>[DONE]</c>).</summary>
    MockSseEvent? StreamEnd { get; }

    string Error(ReceivedRequest request, int status, MockError? error);

    MockSseEvent StreamError(MockError error);
}

internal sealed class OpenAiMockWire : IMockWire
{
    public static readonly OpenAiMockWire Instance = new();

    public MockSseEvent? StreamEnd { get; } = new MockSseEvent(null, "[DONE]");

    public IEnumerable<(string Name, string Value)> Headers(ReceivedRequest request) => [];

    public string Body(ReceivedRequest request, MockReply reply, bool useTool) =>
        MockJson.Completion(Id(request), request.Model ?? "mock-model", reply, useTool);

    public IReadOnlyList<MockSseEvent> Stream(ReceivedRequest request, MockReply reply, bool useTool) =>
        [.. MockJson.Chunks(Id(request), request.Model ?? "mock-model", reply, useTool, request.IncludeUsage)
            .Select(chunk => new MockSseEvent(null, chunk))];

    public string Error(ReceivedRequest request, int status, MockError? error) =>
        error is null
            ? MockJson.Error($"Mock upstream answered {status}.", "mock_error", null)
            : MockJson.Error(error.Message, error.OpenAiType, error.OpenAiCode);

    public MockSseEvent StreamError(MockError error) =>
        new(null, MockJson.Error(error.Message, error.OpenAiType, error.OpenAiCode));

    private static string Id(ReceivedRequest request) => $"chatcmpl-mock-{request.Sequence}";
}

internal sealed class ResponsesMockWire : IMockWire
{
    public static readonly ResponsesMockWire Instance = new();

    public MockSseEvent? StreamEnd => null;

    public IEnumerable<(string Name, string Value)> Headers(ReceivedRequest request) => [];

    public string Body(ReceivedRequest request, MockReply reply, bool useTool) =>
        MockResponsesJson.Response(Id(request), request.Model ?? "mock-model", reply, useTool);

    public IReadOnlyList<MockSseEvent> Stream(ReceivedRequest request, MockReply reply, bool useTool) =>
        MockResponsesJson.Events(Id(request), request.Model ?? "mock-model", reply, useTool);

    public string Error(ReceivedRequest request, int status, MockError? error) => OpenAiMockWire.Instance.Error(request, status, error);

    public MockSseEvent StreamError(MockError error) => new("error", MockResponsesJson.StreamError(error));

    private static string Id(ReceivedRequest request) => $"resp_mock_{request.Sequence}";
}

internal sealed class AnthropicMockWire : IMockWire
{
    public static readonly AnthropicMockWire Instance = new();

    public MockSseEvent? StreamEnd => null;

    public IEnumerable<(string Name, string Value)> Headers(ReceivedRequest request) => [("request-id", RequestId(request))];

    public string Body(ReceivedRequest request, MockReply reply, bool useTool) =>
        MockAnthropicJson.Message(Id(request), request.Model ?? "claude-mock", reply, useTool);

    public IReadOnlyList<MockSseEvent> Stream(ReceivedRequest request, MockReply reply, bool useTool) =>
        MockAnthropicJson.Events(Id(request), request.Model ?? "claude-mock", reply, useTool);

    public string Error(ReceivedRequest request, int status, MockError? error) =>
        MockAnthropicJson.Error(
            error?.AnthropicType ?? MockAnthropicJson.ErrorType(status),
            error?.AnthropicMessage ?? error?.Message ?? $"Mock upstream answered {status}.",
            RequestId(request));

    public MockSseEvent StreamError(MockError error) =>
        MockAnthropicJson.ErrorEvent(error.AnthropicType ?? "api_error", error.AnthropicMessage ?? error.Message);

    private static string Id(ReceivedRequest request) =>
        "msg_mock_" + request.Sequence.ToString(CultureInfo.InvariantCulture);

    private static string RequestId(ReceivedRequest request) =>
        "req_mock_" + request.Sequence.ToString(CultureInfo.InvariantCulture);
}
