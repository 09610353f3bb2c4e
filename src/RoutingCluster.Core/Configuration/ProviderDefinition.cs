namespace RoutingCluster.Configuration;

/// <param name="MaxLearnedWait">The longest cooldown taken from this provider's rate-limit headers,
/// however far away they say the key frees up (see <see cref="Entities.CooldownPolicy"/>).</param>
public sealed record ProviderDefinition(
    string Id,
    ProviderProtocol Protocol,
    Uri? BaseUrl,
    string Region,
    ProviderClass Class,
    SimulationDefinition? Simulation,
    TimeSpan MaxLearnedWait);
