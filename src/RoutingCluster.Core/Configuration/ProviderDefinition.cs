namespace RoutingCluster.Configuration;

public sealed record ProviderDefinition(
    string Id,
    ProviderProtocol Protocol,
    Uri? BaseUrl,
    string Region,
    ProviderClass Class,
    SimulationDefinition? Simulation);
