namespace RoutingCluster.Configuration;

public sealed record StepConfig
{
    public string? Model { get; init; }
    public List<string>? Models { get; init; }
    public string? Strategy { get; init; }
}
