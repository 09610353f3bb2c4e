using System.Text.Json.Nodes;

namespace RoutingCluster.Testing;

/// <summary>One chat completion request as <see cref="MockUpstream"/> received it.</summary>
/// <param name="Sequence">1-based arrival order across all keys.</param>
/// <param name="ApiKey">From <c>Authorization: Bearer</c>, else <c>x-api-key</c> or <c>api-key</c>.</param>
/// <param name="Headers">Case-insensitive; repeated headers joined with a comma.</param>
/// <param name="Json">The parsed body, or null when it is not JSON.</param>
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
    IReadOnlyDictionary<string, string> Headers);
