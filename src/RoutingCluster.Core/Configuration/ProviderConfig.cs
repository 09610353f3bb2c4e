namespace RoutingCluster.Configuration;

public sealed record ProviderConfig
{
    public string? Id { get; init; }
    /// <summary><c>openai-chat</c>, <c>anthropic-messages</c> or <c>simulated</c> (see <see cref="ProviderProtocols"/>).</summary>
    public string? Protocol { get; init; }
    public string? BaseUrl { get; init; }
    public string? Region { get; init; }
    /// <summary><c>local</c> or <c>hosted</c>.</summary>
    public string? Class { get; init; }
    /// <summary>Only for the <c>simulated</c> protocol: how the stand-in upstream behaves.</summary>
    public SimulationConfig? Simulation { get; init; }
    /// <summary>Longest cooldown learned from this provider's headers (<c>retry-after</c>, resets), e.g. <c>30m</c>; default 1h.</summary>
    public string? MaxLearnedWait { get; init; }
}
