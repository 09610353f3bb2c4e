using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Configuration;

/// <summary>
/// Validates config text for the running gateway: the first load (<see cref="StartupConfig"/>) and
/// every reload (<see cref="ConfigFileWatcher"/>) go through here, so both accept exactly the same.
/// </summary>
public sealed class GatewayConfigLoader(ISecretResolver secrets, RegisteredNames registered)
{
    public ConfigLoadResult Load(string text, string sourceName) => ConfigLoader.Load(text, sourceName, secrets, registered);
}
