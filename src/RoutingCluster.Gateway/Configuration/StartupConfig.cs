using System.Globalization;
using System.Net;
using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Hosting;

namespace RoutingCluster.Gateway.Configuration;

/// <summary>
/// The first config: the file named by <c>--config</c>, or the built-in demo, with the
/// command-line overrides applied. Built once, from the host's configuration, when the service
/// provider first asks for it.
/// </summary>
/// <param name="Source">Where it came from: the path, or the demo's name.</param>
/// <param name="Path">The file to watch for reloads; null for the demo.</param>
/// <param name="Text">The text it was built from.</param>
public sealed record StartupConfig(GatewayDefinition Definition, string Source, string? Path, string Text)
{
    /// <summary>The cap on the config file's size, for this load and every reload
    /// (<see cref="ConfigFileReader.MaxBytesVariable"/>, else <see cref="ConfigFileReader.DefaultMaxBytes"/>).</summary>
    public long MaxFileBytes { get; init; } = ConfigFileReader.DefaultMaxBytes;

    /// <exception cref="ConfigRejectedException">The config cannot be read or has errors (the first
    /// <see cref="ConfigErrorSummary.Shown"/> are in the message, with the count of the rest).</exception>
    public static StartupConfig Load(IConfiguration configuration, GatewayConfigLoader loader, ISecretResolver secrets)
    {
        var path = configuration["config"];
        // Environment variables are part of the host's configuration (so is `--RC_CONFIG_MAX_BYTES=8MiB`).
        if (!ConfigFileReader.TryParseMaxBytes(configuration[ConfigFileReader.MaxBytesVariable], ConfigFileReader.MaxBytesVariable, out var maxBytes, out var capError))
        {
            throw new ConfigRejectedException(capError + ".");
        }

        var source = path is null ? DemoConfig.SourceName : System.IO.Path.GetFileName(path);
        var text = path is null ? DemoConfig.Read() : ConfigFileReader.Read(path, source, maxBytes) switch
        {
            ConfigFileRead.Text read => read.Content,
            ConfigFileRead.TooLarge tooLarge => throw new ConfigRejectedException(tooLarge.Error.ToString()),
            ConfigFileRead.Unreadable unreadable => throw new ConfigRejectedException($"{unreadable.Error} (--config {path})"),
            _ => throw new InvalidOperationException("Unknown config file read."),
        };

        var result = loader.Load(text, source);
        if (!result.Ok || result.Definition is null)
        {
            throw new ConfigRejectedException($"The config {path ?? DemoConfig.SourceName} has {result.Errors.Count} error(s):{Environment.NewLine}{ConfigErrorSummary.Format(result.Errors)}");
        }

        var definition = ApplyOverrides(result.Definition, configuration, secrets, path ?? DemoConfig.SourceName);
        return new StartupConfig(definition, path ?? DemoConfig.SourceName, path, text) { MaxFileBytes = maxBytes };
    }

    /// <summary>
    /// Command-line overrides of the config's store and node settings: <c>--store memory|postgres</c>,
    /// <c>--postgres CONNECTION</c> (a connection string, or env:NAME / file:PATH holding one; implies
    /// <c>--store postgres</c>), <c>--node-id ID</c>, <c>--cluster-id ID</c>, <c>--silo-port PORT</c>
    /// and <c>--advertise ADDRESS</c>. They hold for the process lifetime.
    /// </summary>
    private static GatewayDefinition ApplyOverrides(GatewayDefinition model, IConfiguration configuration, ISecretResolver secrets, string source)
    {
        var store = configuration["store"];
        var postgres = configuration["postgres"];
        var nodeId = configuration["node-id"];
        if (store is not null && !StoreKinds.TryParse(store, out _))
        {
            throw new ConfigRejectedException($"--store `{store}` is not a store kind; use one of: {string.Join(", ", StoreKinds.Names)}.");
        }

        if (postgres is not null)
        {
            SecretValue connection;
            if (postgres.StartsWith("env:", StringComparison.Ordinal) || postgres.StartsWith("file:", StringComparison.Ordinal))
            {
                var resolved = secrets.Resolve(postgres);
                connection = resolved.Value ?? throw new ConfigRejectedException($"--postgres: {resolved.Error}");
            }
            else
            {
                connection = new SecretValue(postgres);
            }

            model = model with { Store = new StoreDefinition(StoreKind.Postgres, connection) };
        }
        else if (store is not null && store != StoreKinds.Name(model.Store.Kind))
        {
            if (store == StoreKinds.PostgresName)
            {
                throw new ConfigRejectedException($"--store postgres needs a connection string: pass --postgres env:NAME, or set store.connectionString in {source}.");
            }

            model = model with { Store = new StoreDefinition(StoreKinds.Parse(store), null) };
        }

        var cluster = model.Cluster;
        if (nodeId is not null)
        {
            cluster = cluster with { NodeId = nodeId };
        }

        if (configuration["cluster-id"] is { } clusterId)
        {
            cluster = cluster with
            {
                ClusterId = clusterId.Length is > 0 and <= 64 && clusterId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
                    ? clusterId
                    : throw new ConfigRejectedException($"--cluster-id `{clusterId}` must be 1-64 letters, digits, '-', '_' or '.'."),
            };
        }

        if (configuration["silo-port"] is { } siloPort)
        {
            cluster = cluster with
            {
                SiloPort = int.TryParse(siloPort, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
                    ? port
                    : throw new ConfigRejectedException($"--silo-port `{siloPort}` is not a TCP port; use 1-65535, or 0 for a free port."),
            };
        }

        if (configuration["advertise"] is { } advertise)
        {
            cluster = cluster with
            {
                AdvertisedAddress = IPAddress.TryParse(advertise, out var address)
                    ? address
                    : throw new ConfigRejectedException($"--advertise `{advertise}` is not an IP address; give the address other nodes reach this one at, e.g. 10.0.0.5."),
            };
        }

        return model with { Cluster = cluster };
    }
}
