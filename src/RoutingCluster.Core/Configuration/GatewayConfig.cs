namespace RoutingCluster.Configuration;

/// <summary>
/// The YAML file as read, before validation. Every member is nullable so the validator, not the
/// deserializer, decides what is missing and can report every problem at once.
/// </summary>
public sealed record GatewayConfig
{
    public List<ProviderConfig>? Providers { get; init; }
    public List<CredentialConfig>? Credentials { get; init; }
    public List<ModelConfig>? Models { get; init; }
    public Dictionary<string, RoleConfig>? Roles { get; init; }
    public Dictionary<string, string>? Aliases { get; init; }
    public RoutingConfig? Routing { get; init; }
    public List<string>? GatewayKeys { get; init; }
    public StoreConfig? Store { get; init; }
    public ServerConfig? Server { get; init; }
    public ResilienceConfig? Resilience { get; init; }
    public ClusterConfig? Cluster { get; init; }
}

public sealed record ProviderConfig
{
    public string? Id { get; init; }
    /// <summary><c>openai-chat</c> or <c>simulated</c> (see <see cref="ProviderProtocols"/>).</summary>
    public string? Protocol { get; init; }
    public string? BaseUrl { get; init; }
    public string? Region { get; init; }
    /// <summary><c>local</c> or <c>hosted</c>.</summary>
    public string? Class { get; init; }
    /// <summary>Only for the <c>simulated</c> protocol: how the stand-in upstream behaves.</summary>
    public SimulationConfig? Simulation { get; init; }
}

public sealed record SimulationConfig
{
    /// <summary>Delay before the first byte, e.g. <c>150ms</c>.</summary>
    public string? Latency { get; init; }
    public double? TokensPerSecond { get; init; }
    /// <summary>Fraction of requests answered with a 500, 0..1.</summary>
    public double? FailureRate { get; init; }
    /// <summary>Requests per minute the simulated upstream allows per key; it reports
    /// <c>x-ratelimit-*</c> headers against it and answers 429 past it. Unset: unlimited, no headers.</summary>
    public int? RequestsPerMinute { get; init; }
    public int? Seed { get; init; }
}

public sealed record CredentialConfig
{
    public string? Id { get; init; }
    public string? Provider { get; init; }
    /// <summary><c>env:NAME</c> or <c>file:PATH</c>; optional for local and simulated providers.</summary>
    public string? ApiKey { get; init; }
    public LimitsConfig? Limits { get; init; }
}

public sealed record LimitsConfig
{
    public int? Rpm { get; init; }
    public long? Tpm { get; init; }
    public int? Concurrency { get; init; }
    public List<WindowConfig>? Windows { get; init; }
}

public sealed record WindowConfig
{
    /// <summary>A duration such as <c>5h</c>, <c>7d</c>, <c>90s</c>.</summary>
    public string? Span { get; init; }
    public long? Requests { get; init; }
    public long? Tokens { get; init; }
}

public sealed record ModelConfig
{
    public string? Id { get; init; }
    public string? Provider { get; init; }
    public string? UpstreamModel { get; init; }
    public int? ContextWindow { get; init; }
    public int? MaxOutput { get; init; }
    public List<string>? Capabilities { get; init; }
    public PriceConfig? Price { get; init; }
}

public sealed record PriceConfig
{
    /// <summary>USD per one million input tokens.</summary>
    public decimal? Input { get; init; }
    /// <summary>USD per one million output tokens.</summary>
    public decimal? Output { get; init; }
}

public sealed record RoleConfig
{
    public List<StepConfig>? Chain { get; init; }
}

public sealed record StepConfig
{
    public string? Model { get; init; }
    public List<string>? Models { get; init; }
    public string? Strategy { get; init; }
}

public sealed record RoutingConfig
{
    public string? DefaultRole { get; init; }
    public List<RuleConfig>? Rules { get; init; }
}

public sealed record RuleConfig
{
    public RuleConditionConfig? When { get; init; }
    public string? Role { get; init; }
}

/// <summary>All conditions set on a rule must hold for it to match.</summary>
public sealed record RuleConditionConfig
{
    /// <summary>Glob (<c>*</c>, <c>?</c>) on the requested model name, case-insensitive.</summary>
    public string? ModelMatches { get; init; }
    public bool? Thinking { get; init; }
    public long? EstimatedTokensOver { get; init; }
    public bool? Tools { get; init; }
    public bool? Vision { get; init; }
}

public sealed record StoreConfig
{
    public string? Kind { get; init; }
    public string? ConnectionString { get; init; }
}

public sealed record ServerConfig
{
    public long? MaxRequestBodyBytes { get; init; }
}

public sealed record ResilienceConfig
{
    /// <summary>Time allowed to the first byte of one attempt (headers, and the first event of a stream).</summary>
    public string? AttemptTimeout { get; init; }
    /// <summary>Deadline for the whole request, all attempts and the full stream included.</summary>
    public string? RequestTimeout { get; init; }
    public BreakerConfig? Breaker { get; init; }
}

/// <summary>Cluster mode tuning (used with <c>store.kind: postgres</c>).</summary>
public sealed record ClusterConfig
{
    /// <summary>This node's id; default: host name plus a random suffix (set it from the pod name on Kubernetes).</summary>
    public string? NodeId { get; init; }
    public string? HeartbeatInterval { get; init; }
    public int? DeadAfterMissedBeats { get; init; }
    /// <summary>While the database is unreachable, how often to try it again.</summary>
    public string? DegradedRetryInterval { get; init; }
}

public sealed record BreakerConfig
{
    public int? ConsecutiveFailures { get; init; }
    public double? FailureRatio { get; init; }
    public string? SamplingWindow { get; init; }
    public int? MinimumThroughput { get; init; }
    public string? BreakDuration { get; init; }
    public int? HalfOpenProbes { get; init; }
}
