using System.Globalization;
using RoutingCluster.Entities;

namespace RoutingCluster.Configuration;

/// <summary>
/// The human-readable view of a loaded config, printed by <c>check</c>: each role's chain down to
/// the credentials that would serve it, then aliases and rules. Deterministic (declaration order,
/// invariant culture) so it can be diffed; it prints credential ids and limits, never a secret.
/// </summary>
public static class ConfigReport
{
    public static void Write(GatewayDefinition definition, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(writer);
        WriteCluster(definition, writer);
        writer.WriteLine(definition.UnknownModels == UnknownModelPolicy.DefaultRole
            ? $"unknown model names: served by role {definition.DefaultRole} (routing.unknownModels: defaultRole)"
            : "unknown model names: answered 404 model_not_found (routing.unknownModels: reject)");
        foreach (var role in definition.Roles.Values)
        {
            var marker = role.Name == definition.DefaultRole ? "  (default)" : "";
            writer.WriteLine($"role {role.Name}{marker}");
            foreach (var step in role.Chain)
            {
                writer.WriteLine($"  step {step.Index}  {step.Strategy}");
                foreach (var modelId in step.ModelIds)
                {
                    WriteModel(definition, definition.Models[modelId], writer);
                }
            }
        }

        if (definition.Aliases.Count > 0)
        {
            writer.WriteLine("aliases");
            foreach (var alias in definition.Aliases.Values)
            {
                var kind = alias.Kind == AliasTargetKind.Role ? "role" : "model";
                writer.WriteLine($"  {alias.Name} -> {kind} {alias.Target}");
            }
        }

        if (definition.Rules.Count > 0)
        {
            writer.WriteLine("rules");
            foreach (var rule in definition.Rules)
            {
                writer.WriteLine($"  {rule.Index}  when {Describe(rule.When)} -> role {rule.Role}");
            }
        }

        WriteProfiles(definition, writer);
        WriteTenants(definition, writer);
    }

    /// <summary>Each tenant: its keys by id (never a hash), admin flag, byok mode, policy, budgets and limits; then the admin keys.</summary>
    private static void WriteTenants(GatewayDefinition definition, TextWriter writer)
    {
        if (definition.GatewayKeys.Count == 0)
        {
            writer.WriteLine("gateway keys: none (open gateway: every caller is tenant anonymous, with admin access)");
            return;
        }

        writer.WriteLine("tenants");
        foreach (var tenant in definition.Tenants.Values)
        {
            var keys = definition.GatewayKeys.Where(k => k.TenantId == tenant.Id).Select(k => k.Revoked ? $"{k.Id} (revoked)" : k.Id);
            var name = tenant.Name == tenant.Id ? "" : $" \"{tenant.Name}\"";
            writer.WriteLine($"  tenant {tenant.Id}{name}  keys {string.Join(", ", keys)}{(tenant.Admin ? "  admin" : "")}  byok {Tenants.ByokModes.Name(tenant.Byok)}");
            var policy = tenant.Policy;
            List<string> rules = [];
            AddRule(rules, "roles", policy.Roles);
            AddRule(rules, "models", policy.Models);
            AddRule(rules, "providers", policy.Providers);
            AddRule(rules, "regions", policy.Regions);
            AddRule(rules, "classes", policy.Classes?.Select(ProviderClasses.Name).ToList());
            if (policy.PreferLocal)
            {
                rules.Add("preferLocal");
            }

            writer.WriteLine($"    policy: {(rules.Count == 0 ? "any role, model and provider" : string.Join("; ", rules))}");
            foreach (var budget in tenant.Budgets.Concat(tenant.KeyBudgets.Values.SelectMany(b => b)))
            {
                var caps = new[] { budget.Usd is { } usd ? Invariant($"${usd}") : null, budget.Tokens is { } tokens ? Invariant($"{tokens} tokens") : null }.OfType<string>();
                writer.WriteLine(Invariant($"    budget {budget.Id}  {string.Join(" and ", caps)} per {budget.Period.ToString().ToLowerInvariant()} ({budget.TimeZone.Id}), warn at {budget.WarnAt * 100:0.#}%"));
            }

            if (tenant.Limits.Concurrency is not null || tenant.Limits.Windows.Count > 0)
            {
                writer.WriteLine($"    limits: {LimitsSummary(tenant.Limits)}");
            }

            var owned = definition.Credentials.Where(c => c.Owner == tenant.Id).Select(c => c.Id).ToList();
            if (owned.Count > 0)
            {
                writer.WriteLine($"    own credentials: {string.Join(", ", owned)}");
            }
        }

        var admins = definition.GatewayKeys.Where(k => k.TenantId is null).Select(k => k.Revoked ? $"{k.Id} (revoked)" : k.Id).ToList();
        if (admins.Count > 0)
        {
            writer.WriteLine($"admin keys: {string.Join(", ", admins)}");
        }
    }

    private static void AddRule(List<string> rules, string name, IEnumerable<string>? allowed)
    {
        if (allowed is not null)
        {
            rules.Add($"{name} {string.Join(", ", allowed)}");
        }
    }

    private static void WriteModel(GatewayDefinition gateway, ModelDefinition model, TextWriter writer)
    {
        var maxOutput = model.MaxOutput is { } max ? Invariant($", max output {max}") : "";
        writer.WriteLine(Invariant(
            $"    model {model.Id}  {model.ProviderId}/{model.UpstreamModel}  context {model.ContextWindow}{maxOutput}  caps {Capabilities(model.Capabilities)}  price ${model.InputPricePerMillion} in / ${model.OutputPricePerMillion} out per 1M tokens"));
        var credentials = gateway.CredentialsByProvider.TryGetValue(model.ProviderId, out var list) ? list : [];
        foreach (var credential in credentials)
        {
            var owner = credential.Owner is { } tenant ? $"  owner {tenant}" : "";
            var profile = credential.Plan is { } plan ? "  " + PlanSummary(plan) : "";
            writer.WriteLine($"      credential {credential.Id}  {LimitsSummary(credential.Limits)}{owner}{profile}");
        }
    }

    /// <summary>Every subscription profile: its thresholds, reserved roles, header mapping and heartbeat.</summary>
    private static void WriteProfiles(GatewayDefinition definition, TextWriter writer)
    {
        var profiles = definition.Credentials.Where(c => c.Plan is not null).ToList();
        if (profiles.Count == 0)
        {
            return;
        }

        writer.WriteLine("subscription profiles");
        foreach (var profile in profiles)
        {
            writer.WriteLine($"  profile {profile.Id}  provider {profile.ProviderId}  {PlanSummary(profile.Plan!)}");
        }
    }

    /// <summary><c>subscription: switch at 5h 90%, 7d 95%; reserved for default; heartbeat every 5m (model claude-haiku)</c>.</summary>
    public static string PlanSummary(PlanDefinition plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var parts = new List<string>
        {
            plan.Policy.Thresholds.Count == 0
                ? "never switches on utilization"
                : "switch at " + string.Join(", ", plan.Policy.Thresholds.Select(t => $"{t.Window} {Plans.PlanTransitions.Percent(t.SwitchAt)}")),
        };
        if (plan.ReserveFor is { } roles)
        {
            parts.Add("reserved for " + string.Join(", ", roles.Order(StringComparer.Ordinal)));
        }

        if (plan.Mapping.Count > 0)
        {
            parts.Add("headers " + string.Join(", ", plan.Mapping.Select(m => $"{m.Header} -> {m.Window}")));
        }

        parts.Add(plan.Heartbeat is { } heartbeat
            ? $"heartbeat every {DurationParser.Format(heartbeat.Every)} ({(heartbeat.ModelId is { } model ? "model " + model : "GET " + heartbeat.UsagePath)})"
            : "no heartbeat");
        return "subscription: " + string.Join("; ", parts);
    }

    /// <summary><c>rpm 60, tpm 100000, concurrency 4, 5h: 500 req</c>, or <c>unlimited</c>.</summary>
    public static string LimitsSummary(CredentialLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var parts = new List<string>();
        var minute = limits.Windows.FirstOrDefault(w => w.Name == "minute");
        if (minute?.Requests is { } rpm)
        {
            parts.Add(Invariant($"rpm {rpm}"));
        }

        if (minute?.Tokens is { } tpm)
        {
            parts.Add(Invariant($"tpm {tpm}"));
        }

        if (limits.Concurrency is { } concurrency)
        {
            parts.Add(Invariant($"concurrency {concurrency}"));
        }

        foreach (var window in limits.Windows.Where(w => w != minute))
        {
            var amounts = new List<string>();
            if (window.Requests is { } requests)
            {
                amounts.Add(Invariant($"{requests} req"));
            }

            if (window.Tokens is { } tokens)
            {
                amounts.Add(Invariant($"{tokens} tok"));
            }

            parts.Add($"{window.Name}: {string.Join(", ", amounts)}");
        }

        return parts.Count == 0 ? "unlimited" : string.Join(", ", parts);
    }

    private static string Capabilities(ModelCapabilities capabilities)
    {
        var names = new List<string>();
        if (capabilities.HasFlag(ModelCapabilities.Tools))
        {
            names.Add(ModelCapabilityNames.Tools);
        }

        if (capabilities.HasFlag(ModelCapabilities.Vision))
        {
            names.Add(ModelCapabilityNames.Vision);
        }

        if (capabilities.HasFlag(ModelCapabilities.Thinking))
        {
            names.Add(ModelCapabilityNames.Thinking);
        }

        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    private static string Describe(RuleCondition when)
    {
        var parts = new List<string>();
        if (when.ModelMatches is not null)
        {
            parts.Add($"modelMatches {when.ModelMatches}");
        }

        AddFlag(parts, "thinking", when.Thinking);
        if (when.Effort is not null)
        {
            parts.Add($"effort {when.Effort}");
        }

        if (when.EstimatedTokensOver is { } tokens)
        {
            parts.Add(Invariant($"estimatedTokensOver {tokens}"));
        }

        AddFlag(parts, "tools", when.Tools);
        AddFlag(parts, "vision", when.Vision);
        return string.Join(", ", parts);
    }

    private static void AddFlag(List<string> parts, string name, bool? value)
    {
        if (value is { } flag)
        {
            parts.Add($"{name} {(flag ? "true" : "false")}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>How the node would take part in a cluster: the values its silo starts with (defaults resolved where the config alone decides).</summary>
    private static void WriteCluster(GatewayDefinition definition, TextWriter writer)
    {
        var cluster = definition.Cluster;
        if (definition.Store.Kind != StoreKind.Postgres)
        {
            writer.WriteLine("cluster: embedded (one silo on 127.0.0.1, state in memory; store.kind: postgres to cluster)");
            return;
        }

        var port = cluster.SiloPort is { } p ? (p == 0 ? "a free port" : p.ToString(CultureInfo.InvariantCulture)) : $"{ClusterDefinition.DefaultSiloPort} (default)";
        var advertised = cluster.AdvertisedAddress?.ToString() ?? "POD_IP, else 127.0.0.1";
        writer.WriteLine($"cluster: {cluster.ClusterId} (service {cluster.ServiceId}), membership and grain state in PostgreSQL");
        writer.WriteLine($"  node {cluster.NodeId ?? "POD_NAME, else host name + suffix"}, silo port {port}, advertised {advertised}, listening on {cluster.ListenAddress?.ToString() ?? "the advertised address"}");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  failure detection: probe timeout {DurationParser.Format(cluster.ProbeTimeout)}, {cluster.MissedProbesLimit} missed probes; grain call timeout {DurationParser.Format(cluster.GrainCallTimeout)}"));
    }
}
