using System.Text.Json.Nodes;

namespace RoutingCluster.Testing;

/// <summary>One request to a model endpoint or the plan usage endpoint (<see cref="Protocol"/> says which) as
/// <see cref="MockUpstream"/> received it.</summary>
/// <param name="Sequence">1-based arrival order across all keys and endpoints.</param>
/// <param name="ApiKey">OpenAI endpoint: <c>Authorization: Bearer</c>, else <c>x-api-key</c> or <c>api-key</c>.
/// Anthropic endpoint: <c>x-api-key</c>, else <c>Authorization: Bearer</c>.</param>
/// <param name="Headers">Case-insensitive; repeated headers joined with a comma.</param>
/// <param name="Json">The parsed body, or null when it is not JSON.</param>
/// <param name="IncludeUsage">OpenAI <c>stream_options.include_usage</c>; always false on the Anthropic endpoint.</param>
public sealed record ReceivedRequest(
    int Sequence,
    string Method,
    string Path,
    string? ApiKey,
    string Body,
    JsonNode? Json,
    string? Model,
    bool Stream,
    bool IncludeUsage,
    bool HasTools,
    IReadOnlyDictionary<string, string> Headers)
{
    public MockProtocol Protocol { get; init; } = MockProtocol.OpenAiChat;

    /// <summary>The <c>anthropic-version</c> header, if sent.</summary>
    public string? AnthropicVersion => Headers.GetValueOrDefault("anthropic-version");

    /// <summary>The <c>anthropic-beta</c> header (comma-joined when repeated), if sent.</summary>
    public string? AnthropicBeta => Headers.GetValueOrDefault("anthropic-beta");
}

/// <summary>The wire format of the endpoint a request arrived at.</summary>
public enum MockProtocol
{
    /// <summary><c>POST /v1/chat/completions</c>.</summary>
    OpenAiChat,

    /// <summary><c>POST /v1/messages</c>.</summary>
    AnthropicMessages,

    /// <summary><c>POST /v1/responses</c>.</summary>
    OpenAiResponses,

    /// <summary><c>GET /plan/usage</c>: a read of a key's <see cref="MockPlan"/> (see <see cref="MockUpstream.PlanUsageUrl"/>).</summary>
    PlanUsage,
}
