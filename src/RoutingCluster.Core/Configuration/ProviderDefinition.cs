namespace RoutingCluster.Configuration;

public sealed record ProviderDefinition(
    string Id,
    string Protocol,
    Uri? BaseUrl,
    string Region,
    string Class,
    SimulationDefinition? Simulation);
