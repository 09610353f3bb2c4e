using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace RoutingCluster.AppHost;

/// <summary>
/// What the AppHost starts, read from its configuration (command line <c>--key value</c>, environment,
/// appsettings): <c>postgres</c> (<c>auto</c>, <c>container</c>, <c>local</c> or a connection string),
/// <c>nodes</c> (1-9, default 3), <c>upstream</c> (an OpenAI-compatible base URL on loopback; every role then
/// goes there instead of the simulated providers of <c>aspire/gateway.yaml</c>), <c>gateway-config</c> (a
/// gateway config file of your own), <c>prometheus</c> (the binary, or <c>off</c>) and <c>cluster-id</c>.
/// </summary>
public sealed record AppHostSettings(
    PostgresMode Postgres,
    string? PostgresConnectionString,
    int Nodes,
    Uri? Upstream,
    string? GatewayConfig,
    string? Prometheus,
    string ClusterId)
{
    public const int DefaultNodes = 3;

    public const int MaxNodes = 9;

    public const string DefaultClusterId = "aspire";

    /// <summary>Where the Debian package <c>prometheus</c> puts its server.</summary>
    public const string DebianPrometheus = "/usr/bin/prometheus";

    /// <exception cref="ArgumentException">A setting has a value the AppHost cannot use (the message says which and why).</exception>
    public static AppHostSettings Read(IConfiguration configuration, Func<string?, string?> detectContainerRuntime)
    {
        var (mode, connectionString) = ReadPostgres(configuration["postgres"], () => detectContainerRuntime(configuration["ASPIRE_CONTAINER_RUNTIME"]));
        return new AppHostSettings(
            mode,
            connectionString,
            ReadNodes(configuration["nodes"]),
            ReadUpstream(configuration["upstream"]),
            ReadGatewayConfig(configuration["gateway-config"]),
            ReadPrometheus(configuration["prometheus"] ?? configuration["RC_PROMETHEUS"]),
            ReadClusterId(configuration["cluster-id"]));
    }

    /// <summary>The node names, <c>gw-1</c> to <c>gw-N</c>: resource names and the nodes' <c>--node-id</c>.</summary>
    public IReadOnlyList<string> NodeNames =>
        [.. Enumerable.Range(1, Nodes).Select(i => string.Create(CultureInfo.InvariantCulture, $"gw-{i}"))];

    private static (PostgresMode, string?) ReadPostgres(string? value, Func<string?> detect)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                return (detect() is null ? PostgresMode.Local : PostgresMode.Container, null);
            case "container":
                return (PostgresMode.Container, null);
            case "local":
                return (PostgresMode.Local, null);
        }

        if (!value.Contains('=', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"--postgres `{value}` is neither auto, container nor local, nor a connection string (e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Database=routing\").");
        }

        return (PostgresMode.External, value.Trim());
    }

    private static int ReadNodes(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultNodes;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var nodes) && nodes is >= 1 and <= MaxNodes
            ? nodes
            : throw new ArgumentException($"--nodes `{value}` must be a whole number from 1 to {MaxNodes}.");
    }

    /// <summary>Only loopback: the AppHost is for one machine, and its gateways call nothing else.</summary>
    private static Uri? ReadUpstream(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--upstream `{value}` is not an http(s) URL; give the base URL the gateway appends /chat/completions to, e.g. http://127.0.0.1:9000/v1.");
        }

        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
        return loopback
            ? uri
            : throw new ArgumentException($"--upstream `{value}` is not on this machine; the AppHost sends requests only to loopback (127.0.0.0/8, ::1, localhost).");
    }

    private static string? ReadGatewayConfig(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var path = Path.GetFullPath(value.Trim());
        return File.Exists(path) ? path : throw new ArgumentException($"--gateway-config `{value}`: no such file ({path}).");
    }

    /// <summary><c>off</c>: none; a path: that binary; unset: the Debian one when installed, else none.</summary>
    private static string? ReadPrometheus(string? value)
    {
        if (string.Equals(value?.Trim(), "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return File.Exists(DebianPrometheus) ? DebianPrometheus : null;
        }

        var path = Path.GetFullPath(value.Trim());
        return File.Exists(path) ? path : throw new ArgumentException($"--prometheus `{value}`: no such file; give the prometheus binary, or off.");
    }

    private static string ReadClusterId(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultClusterId;
        }

        var id = value.Trim();
        return id.Length <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? id
            : throw new ArgumentException($"--cluster-id `{value}` must be 1-64 letters, digits, '-', '_' or '.'.");
    }
}
