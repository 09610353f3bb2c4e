using RoutingCluster.Entities;

namespace RoutingCluster.Configuration;

/// <summary>
/// The validated, immutable snapshot built from a <see cref="GatewayConfig"/>. Swapped whole on
/// reload; nothing in it changes afterwards. Dictionaries are ordinal (ids are case-sensitive).
/// </summary>
public sealed record GatewayDefinition
{
    public required IReadOnlyDictionary<string, ProviderDefinition> Providers { get; init; }
    /// <summary>In declaration order (the order is the <c>priority</c> strategy's tie-break).</summary>
    public required IReadOnlyList<CredentialDefinition> Credentials { get; init; }
    public required IReadOnlyDictionary<string, ModelDefinition> Models { get; init; }
    public required IReadOnlyDictionary<string, RoleDefinition> Roles { get; init; }
    public required IReadOnlyDictionary<string, AliasDefinition> Aliases { get; init; }
    public required string DefaultRole { get; init; }
    public required IReadOnlyList<RoutingRule> Rules { get; init; }
    public required IReadOnlyList<GatewayKey> GatewayKeys { get; init; }
    public required StoreDefinition Store { get; init; }
    public required ServerDefinition Server { get; init; }
    public required ResilienceDefinition Resilience { get; init; }
    public required ClusterDefinition Cluster { get; init; }

    /// <summary>Credentials per provider id, in declaration order.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<CredentialDefinition>> CredentialsByProvider { get; init; }
}

public static class ProviderProtocols
{
    public const string OpenAiChat = "openai-chat";
    /// <summary>Anthropic's Messages API: <c>POST {baseUrl}/messages</c> with <c>x-api-key</c>.</summary>
    public const string AnthropicMessages = "anthropic-messages";
    /// <summary>A built-in stand-in for the outside world, for demos: it never leaves the process.</summary>
    public const string Simulated = "simulated";
    public static readonly IReadOnlyList<string> All = [OpenAiChat, AnthropicMessages, Simulated];

    /// <summary>The wire format a protocol speaks: <c>simulated</c> answers in OpenAI's.</summary>
    public static string WireFormat(string protocol) => protocol == AnthropicMessages ? AnthropicMessages : OpenAiChat;
}

public static class ProviderClasses
{
    public const string Local = "local";
    public const string Hosted = "hosted";
    public static readonly IReadOnlyList<string> All = [Local, Hosted];
}

public sealed record ProviderDefinition(
    string Id,
    string Protocol,
    Uri? BaseUrl,
    string Region,
    string Class,
    SimulationDefinition? Simulation);

public sealed record SimulationDefinition(
    TimeSpan Latency,
    double TokensPerSecond,
    double FailureRate,
    int? RequestsPerMinute,
    int Seed);

/// <summary>One API key of a provider. <see cref="Fingerprint"/> changes whenever the key or the
/// credential's declaration changes; a key disabled by a 401/403 stays disabled only while it
/// stays the same.</summary>
public sealed record CredentialDefinition(
    string Id,
    string ProviderId,
    SecretValue? ApiKey,
    CredentialLimits Limits,
    string Fingerprint);

[Flags]
public enum ModelCapabilities
{
    None = 0,
    Tools = 1,
    Vision = 2,
    Thinking = 4,
}

public static class ModelCapabilityNames
{
    public const string Tools = "tools";
    public const string Vision = "vision";
    public const string Thinking = "thinking";
    public static readonly IReadOnlyList<string> All = [Tools, Vision, Thinking];
}

public sealed record ModelDefinition(
    string Id,
    string ProviderId,
    string UpstreamModel,
    int ContextWindow,
    int? MaxOutput,
    ModelCapabilities Capabilities,
    decimal InputPricePerMillion,
    decimal OutputPricePerMillion);

public sealed record RoleDefinition(string Name, IReadOnlyList<StepDefinition> Chain);

/// <param name="Index">1-based position in the role's chain, as users count.</param>
public sealed record StepDefinition(int Index, IReadOnlyList<string> ModelIds, string Strategy);

public enum AliasTargetKind
{
    Role,
    Model,
}

public sealed record AliasDefinition(string Name, string Target, AliasTargetKind Kind);

/// <param name="Index">1-based position in <c>routing.rules</c>.</param>
public sealed record RoutingRule(int Index, RuleCondition When, string Role);

public sealed record RuleCondition(
    string? ModelMatches,
    bool? Thinking,
    long? EstimatedTokensOver,
    bool? Tools,
    bool? Vision);

/// <param name="Id">A stable, non-secret name for the key (<c>gateway-key-1</c>, ...).</param>
/// <param name="Sha256">SHA-256 of the key; the key itself is not kept.</param>
public sealed record GatewayKey(string Id, byte[] Sha256);

public static class StoreKinds
{
    public const string Memory = "memory";
    public const string Postgres = "postgres";
    public static readonly IReadOnlyList<string> All = [Memory, Postgres];
}

public sealed record StoreDefinition(string Kind, SecretValue? ConnectionString);

public sealed record ServerDefinition(long MaxRequestBodyBytes);

/// <param name="NodeId">Null: the node picks one at start.</param>
public sealed record ClusterDefinition(string? NodeId, TimeSpan HeartbeatInterval, int DeadAfterMissedBeats, TimeSpan DegradedRetryInterval)
{
    public static readonly ClusterDefinition Default = new(null, TimeSpan.FromSeconds(2), 3, TimeSpan.FromSeconds(5));
}

public sealed record ResilienceDefinition(TimeSpan AttemptTimeout, TimeSpan RequestTimeout, BreakerOptions Breaker);
