using RoutingCluster.Entities;

namespace RoutingCluster.Configuration;

public sealed partial class ConfigValidator
{
    private const long DefaultMaxRequestBodyBytes = 10 * 1024 * 1024;
    private static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromMinutes(10);

    private StoreDefinition ValidateStore(StoreConfig? config)
    {
        var name = config?.Kind ?? StoreKinds.MemoryName;
        if (!StoreKinds.TryParse(name, out var kind))
        {
            errors.Add("store.kind", $"unknown store kind `{name}`; use one of: {ConfigErrorList.Names(StoreKinds.Names)}");
            return new StoreDefinition(kind, null);
        }

        if (kind != StoreKind.Postgres)
        {
            return new StoreDefinition(kind, null); // memory: a connection string, if any, is ignored
        }

        if (IsMissing(config?.ConnectionString))
        {
            errors.Add("store.connectionString", $"store kind `{StoreKinds.PostgresName}` needs connectionString: env:NAME or file:PATH holding the Npgsql connection string");
            return new StoreDefinition(kind, null);
        }

        return new StoreDefinition(kind, ResolveSecret(config.ConnectionString, "store.connectionString"));
    }

    private ServerDefinition ValidateServer(ServerConfig? config)
    {
        var max = config?.MaxRequestBodyBytes ?? DefaultMaxRequestBodyBytes;
        if (max <= 0)
        {
            errors.Add("server.maxRequestBodyBytes", $"maxRequestBodyBytes must be a positive number of bytes, got {max}; the default is {DefaultMaxRequestBodyBytes} (10 MiB)");
        }

        var requireKey = config?.Metrics?.RequireAdminKey ?? false;
        if (requireKey && !gatewayKeys.Any(k => k.Admin && !k.Revoked))
        {
            errors.Add("server.metrics.requireAdminKey", "scrapes would need an admin key but none is configured; add one to `adminKeys` (or `admin: true` on a tenant), or remove requireAdminKey");
        }

        var port = config?.Metrics?.Port;
        if (port is < 1 or > 65535)
        {
            errors.Add("server.metrics.port", $"port must be 1-65535, got {port}; remove it to serve /metrics on the API's port");
        }

        return new ServerDefinition(max, requireKey, port);
    }

    private ResilienceDefinition ValidateResilience(ResilienceConfig? config)
    {
        const string Path = "resilience";
        var attempt = OptionalDuration(config?.AttemptTimeout, $"{Path}.attemptTimeout", "attemptTimeout", DefaultAttemptTimeout);
        var request = OptionalDuration(config?.RequestTimeout, $"{Path}.requestTimeout", "requestTimeout", DefaultRequestTimeout);
        if (attempt > request)
        {
            errors.Add($"{Path}.attemptTimeout", $"attemptTimeout {DurationParser.Format(attempt)} is longer than requestTimeout {DurationParser.Format(request)}; an attempt cannot outlast its request, lower attemptTimeout or raise requestTimeout");
        }

        return new ResilienceDefinition(attempt, request, BuildBreaker(config?.Breaker, $"{Path}.breaker"));
    }

    private ClusterDefinition ValidateCluster(ClusterConfig? config)
    {
        const string Path = "cluster";
        var defaults = ClusterDefinition.Default;
        if (config is null)
        {
            return defaults;
        }

        if (config.NodeId is { } nodeId && (nodeId.Length is 0 or > 128 || !nodeId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            errors.Add($"{Path}.nodeId", $"nodeId `{nodeId}` must be 1-128 letters, digits, '-', '_' or '.'; leave it out to get host name plus a random suffix");
        }

        var clusterId = ClusterName(config.ClusterId, $"{Path}.clusterId", "clusterId");
        var serviceId = ClusterName(config.ServiceId, $"{Path}.serviceId", "serviceId");
        if (config.SiloPort is < 0 or > 65535)
        {
            errors.Add($"{Path}.siloPort", $"siloPort {config.SiloPort} is not a TCP port; use 1-65535, 0 for a free port, or leave it out (11111 when clustered, a free port when embedded)");
        }

        if (config.MissedProbesLimit is < 1 or > 10)
        {
            errors.Add($"{Path}.missedProbesLimit", $"missedProbesLimit must be 1-10 (how many missed probes make a node suspect another), got {config.MissedProbesLimit}");
        }

        var probe = OptionalDuration(config.ProbeTimeout, $"{Path}.probeTimeout", "probeTimeout", defaults.ProbeTimeout);
        var call = OptionalDuration(config.GrainCallTimeout, $"{Path}.grainCallTimeout", "grainCallTimeout", defaults.GrainCallTimeout);
        return new ClusterDefinition(
            config.NodeId,
            clusterId,
            serviceId,
            config.SiloPort,
            Address(config.AdvertisedAddress, $"{Path}.advertisedAddress", "advertisedAddress"),
            Address(config.ListenAddress, $"{Path}.listenAddress", "listenAddress"),
            probe,
            config.MissedProbesLimit ?? defaults.MissedProbesLimit,
            call);
    }

    private string ClusterName(string? value, string path, string field)
    {
        if (value is null)
        {
            return ClusterDefinition.DefaultId;
        }

        if (value.Length is 0 or > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add(path, $"{field} `{value}` must be 1-64 letters, digits, '-', '_' or '.'; leave it out for `{ClusterDefinition.DefaultId}`");
        }

        return value;
    }

    private System.Net.IPAddress? Address(string? value, string path, string field)
    {
        if (value is null)
        {
            return null;
        }

        if (!System.Net.IPAddress.TryParse(value, out var address))
        {
            errors.Add(path, $"{field} `{value}` is not an IP address; write one such as 10.0.0.5 (a host name is not accepted: nodes must agree on one address)");
            return null;
        }

        return address;
    }

    private GatewayLimitsDefinition ValidateLimits(GatewayLimitsConfig? config)
    {
        const string Path = "limits.sseEventMaxBytes";
        if (config?.SseEventMaxBytes is not { } text)
        {
            return GatewayLimitsDefinition.Default;
        }

        var (min, max) = (GatewayLimitsDefinition.MinSseEventMaxBytes, GatewayLimitsDefinition.MaxSseEventMaxBytes);
        var range = $"between {ByteSizeParser.Format(min)} and {ByteSizeParser.Format(max)}; the default is {ByteSizeParser.Format(GatewayLimitsDefinition.DefaultSseEventMaxBytes)}";
        if (!ByteSizeParser.TryParse(text.Trim(), out var bytes))
        {
            errors.Add(Path, $"sseEventMaxBytes `{text}` is not a size; write a number of bytes or a number and a unit, e.g. 4MiB or 512KiB (units: {ByteSizeParser.UnitList}), {range}");
            return GatewayLimitsDefinition.Default;
        }

        if (bytes < min || bytes > max)
        {
            errors.Add(Path, $"sseEventMaxBytes `{text}` must be {range}");
            return GatewayLimitsDefinition.Default;
        }

        return new GatewayLimitsDefinition((int)bytes);
    }

    private BreakerOptions BuildBreaker(BreakerConfig? config, string path)
    {
        var defaults = BreakerOptions.Default;
        if (config is null)
        {
            return defaults;
        }

        if (config.ConsecutiveFailures is < 1)
        {
            errors.Add($"{path}.consecutiveFailures", $"consecutiveFailures must be at least 1, got {config.ConsecutiveFailures}");
        }

        if (config.FailureRatio is <= 0 or > 1 or double.NaN)
        {
            errors.Add($"{path}.failureRatio", $"failureRatio must be above 0 and at most 1 (a fraction of attempts), got {config.FailureRatio}");
        }

        if (config.MinimumThroughput is < 1)
        {
            errors.Add($"{path}.minimumThroughput", $"minimumThroughput must be at least 1, got {config.MinimumThroughput}");
        }

        if (config.HalfOpenProbes is < 1)
        {
            errors.Add($"{path}.halfOpenProbes", $"halfOpenProbes must be at least 1, got {config.HalfOpenProbes}");
        }

        return new BreakerOptions(
            config.ConsecutiveFailures ?? defaults.ConsecutiveFailures,
            config.FailureRatio ?? defaults.FailureRatio,
            OptionalDuration(config.SamplingWindow, $"{path}.samplingWindow", "samplingWindow", defaults.SamplingWindow),
            config.MinimumThroughput ?? defaults.MinimumThroughput,
            OptionalDuration(config.BreakDuration, $"{path}.breakDuration", "breakDuration", defaults.BreakDuration),
            config.HalfOpenProbes ?? defaults.HalfOpenProbes);
    }

    private TimeSpan OptionalDuration(string? text, string path, string what, TimeSpan fallback) =>
        text is null ? fallback : ParsePositiveDuration(text, path, what) ?? fallback;
}
