using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Configuration;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>Loads the first config: the file named by <c>--config</c>, or the built-in demo.</summary>
public static class StartupConfig
{
    public static (GatewayModel Model, string Source, string? Path) Load(IConfiguration configuration, ISecretResolver secrets)
    {
        var path = configuration["config"];
        var result = path is null
            ? ConfigLoader.Load(DemoConfig.Read(), DemoConfig.SourceName, secrets)
            : ConfigLoader.LoadFile(path, secrets);
        if (!result.Ok || result.Model is null)
        {
            var errors = string.Join(Environment.NewLine, result.Errors.Select(e => "  " + e));
            throw new ConfigRejectedException($"The config {path ?? DemoConfig.SourceName} has {result.Errors.Count} error(s):{Environment.NewLine}{errors}");
        }

        if (result.Model.Store.Kind != StoreKinds.Memory)
        {
            throw new ConfigRejectedException(
                $"The config {path ?? DemoConfig.SourceName}: store.kind: `{result.Model.Store.Kind}` is not available in this version; use `memory` (the embedded single-node store).");
        }

        return (result.Model, path ?? DemoConfig.SourceName, path);
    }
}
