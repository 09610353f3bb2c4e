namespace RoutingCluster.Configuration;

public sealed record SimulationDefinition(
    TimeSpan Latency,
    double TokensPerSecond,
    double FailureRate,
    int? RequestsPerMinute,
    int Seed);
