namespace RoutingCluster.Gateway.FrontDoors.OpenAi;

/// <summary>One name a client may put in <c>model</c>, in Anthropic's shape.</summary>
public sealed record AnthropicModelEntry(string Type, string Id, string DisplayName, string CreatedAt);
