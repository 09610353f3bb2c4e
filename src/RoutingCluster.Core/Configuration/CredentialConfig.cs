namespace RoutingCluster.Configuration;

public sealed record CredentialConfig
{
    public string? Id { get; init; }
    public string? Provider { get; init; }
    /// <summary><c>env:NAME</c> or <c>file:PATH</c>; optional for local and simulated providers.</summary>
    public string? ApiKey { get; init; }
    public LimitsConfig? Limits { get; init; }
    /// <summary>The tenant that brought this key: only its requests use it. Absent: pooled, for every tenant whose policy allows it.</summary>
    public string? Owner { get; init; }

    /// <summary><c>key</c> (an API key, the default) or <c>subscription</c> (a plan profile: <see cref="Token"/>, thresholds, heartbeat).</summary>
    public string? Kind { get; init; }

    /// <summary>A subscription profile's token, <c>env:NAME</c> or <c>file:PATH</c> (sent as a bearer token).</summary>
    public string? Token { get; init; }

    /// <summary>A profile's windows and the used share at which it stops taking work, e.g. <c>{ 5h: 0.9, 7d: 0.95 }</c> (the default).</summary>
    public Dictionary<string, double>? SwitchAt { get; init; }

    /// <summary>Roles a profile is kept for: requests of other roles never use it.</summary>
    public List<string>? ReserveFor { get; init; }

    /// <summary>A profile's usage heartbeat: how often, and what it probes.</summary>
    public HeartbeatConfig? Heartbeat { get; init; }

    /// <summary>How another vendor's plan headers read (header, window, value, scale); Anthropic's and Codex's need none.</summary>
    public List<PlanHeaderConfig>? PlanHeaders { get; init; }
}
