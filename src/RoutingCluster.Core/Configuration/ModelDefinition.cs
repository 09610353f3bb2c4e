namespace RoutingCluster.Configuration;

public sealed record ModelDefinition(
    string Id,
    string ProviderId,
    string UpstreamModel,
    int ContextWindow,
    int? MaxOutput,
    ModelCapabilities Capabilities,
    decimal InputPricePerMillion,
    decimal OutputPricePerMillion);
