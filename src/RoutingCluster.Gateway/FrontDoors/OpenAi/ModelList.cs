namespace RoutingCluster.Gateway.FrontDoors.OpenAi;

/// <summary>The answer of <c>GET /v1/models</c> in OpenAI's shape.</summary>
public sealed record ModelList(string Object, IReadOnlyList<ModelEntry> Data);
