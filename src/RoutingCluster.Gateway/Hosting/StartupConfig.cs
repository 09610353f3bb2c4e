using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Configuration;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>Loads the first config: the file named by <c>--config</c>, or the built-in demo.</summary>
public static class StartupConfig
{
    /// <returns>The model, where it came from, the file to watch (null for the demo) and the text it was built from.</returns>
    public static (GatewayModel Model, string Source, string? Path, string Text) Load(IConfiguration configuration, ISecretResolver secrets)
    {
        var path = configuration["config"];
        string text;
        try
        {
            text = path is null ? DemoConfig.Read() : File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigRejectedException($"The config file {path} cannot be read: {ex.Message} Check the --config path.");
        }

        var result = ConfigLoader.Load(text, path is null ? DemoConfig.SourceName : System.IO.Path.GetFileName(path), secrets);
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

        return (result.Model, path ?? DemoConfig.SourceName, path, text);
    }
}
