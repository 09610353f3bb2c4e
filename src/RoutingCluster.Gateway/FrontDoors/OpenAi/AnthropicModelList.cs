namespace RoutingCluster.Gateway.FrontDoors.OpenAi;

/// <summary>The answer of <c>GET /v1/models</c> to a client that sends <c>anthropic-version</c>, in Anthropic's shape.</summary>
public sealed record AnthropicModelList(IReadOnlyList<AnthropicModelEntry> Data, bool HasMore, string? FirstId, string? LastId);
