using RoutingCluster.Plans;

namespace RoutingCluster.Configuration;

/// <summary>Subscription profiles (<c>kind: subscription</c>): their thresholds, reserved roles, header mapping and heartbeat.</summary>
public sealed partial class ConfigValidator
{
    private const string KeyKind = "key";
    private const string SubscriptionKind = "subscription";

    /// <summary>The default <c>switchAt</c> of a profile that declares none.</summary>
    public static readonly IReadOnlyList<PlanThreshold> DefaultSwitchAt = [new("5h", 0.90), new("7d", 0.95)];

    /// <summary>The shortest heartbeat interval: a probe spends plan quota.</summary>
    public static readonly TimeSpan ShortestHeartbeat = TimeSpan.FromSeconds(10);

    private static readonly Dictionary<string, PlanHeaderValue> HeaderValues = new(StringComparer.Ordinal)
    {
        ["utilization"] = PlanHeaderValue.Utilization,
        ["reset-epoch"] = PlanHeaderValue.ResetEpochSeconds,
        ["reset-after-seconds"] = PlanHeaderValue.ResetAfterSeconds,
        ["reset-time"] = PlanHeaderValue.ResetTime,
    };

    /// <summary>Whether the credential is a subscription profile (null: its kind is not known, which is reported); reports fields of the other kind.</summary>
    private bool? CheckKind(CredentialConfig config, string path)
    {
        var kind = config.Kind ?? KeyKind;
        if (kind is not (KeyKind or SubscriptionKind))
        {
            errors.Add($"{path}.kind", $"kind `{kind}` is not known; write `key` (an API key, the default) or `subscription` (a plan profile)");
            return null;
        }

        if (kind == SubscriptionKind)
        {
            if (config.ApiKey is not null)
            {
                errors.Add($"{path}.apiKey", "a subscription profile's secret is its `token`; rename apiKey to token");
            }

            return true;
        }

        foreach (var (field, set) in (ReadOnlySpan<(string, bool)>)[
            ("token", config.Token is not null), ("switchAt", config.SwitchAt is not null), ("reserveFor", config.ReserveFor is not null),
            ("heartbeat", config.Heartbeat is not null), ("planHeaders", config.PlanHeaders is not null)])
        {
            if (set)
            {
                errors.Add($"{path}.{field}", $"{field} is for subscription profiles; add `kind: subscription` or remove it");
            }
        }

        return false;
    }

    /// <summary>Builds each profile's plan once models and roles are known (its heartbeat names a model, reserveFor roles).</summary>
    private void ValidateProfiles(List<CredentialConfig>? list, IReadOnlySet<string> roleNames)
    {
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var config = list![i];
            if (config?.Kind != SubscriptionKind)
            {
                continue;
            }

            var path = ConfigErrorList.Item("credentials", i + 1, config.Id);
            var errorsBefore = errors.Count;
            var thresholds = Thresholds(config.SwitchAt, $"{path}.switchAt");
            var reserveFor = ReservedRoles(config.ReserveFor, $"{path}.reserveFor", roleNames);
            var mapping = Mapping(config.PlanHeaders, $"{path}.planHeaders");
            var provider = config.Provider is { } id && declaredProviders.ContainsKey(id) ? id : null;
            var heartbeat = config.Heartbeat is null ? null : Heartbeat(config.Heartbeat, provider, $"{path}.heartbeat");
            var index = credentials.FindIndex(c => c.Id == config.Id);
            if (errors.Count == errorsBefore && index >= 0)
            {
                credentials[index] = credentials[index] with { Plan = new PlanDefinition(new PlanPolicy(thresholds), reserveFor, mapping, heartbeat) };
            }
        }
    }

    private List<PlanThreshold> Thresholds(Dictionary<string, double>? switchAt, string path)
    {
        if (switchAt is null)
        {
            return [.. DefaultSwitchAt];
        }

        var thresholds = new List<PlanThreshold>();
        foreach (var (window, fraction) in switchAt)
        {
            if (!IsWindowName(window))
            {
                errors.Add($"{path}.{window}", $"window name `{window}` must be letters, digits or underscores, e.g. 5h or 7d");
            }
            else if (!(fraction > 0 && fraction <= 1))
            {
                errors.Add($"{path}.{window}", $"switchAt must be a used share above 0 and at most 1 (e.g. 0.9 for 90%), got {fraction}");
            }
            else
            {
                thresholds.Add(new PlanThreshold(window, fraction));
            }
        }

        return thresholds;
    }

    private HashSet<string>? ReservedRoles(List<string>? roles, string path, IReadOnlySet<string> roleNames)
    {
        if (roles is null)
        {
            return null;
        }

        if (roles.Count == 0)
        {
            errors.Add(path, "reserveFor is empty, so no request could use the profile; list roles, or remove it to serve every role");
        }

        foreach (var role in roles)
        {
            if (IsMissing(role))
            {
                errors.Add(path, "reserveFor lists an empty entry; name a declared role");
            }
            else if (!roleNames.Contains(role))
            {
                errors.Add(path, $"role `{role}` is not declared; declared roles: {ConfigErrorList.Names(roleNames)}");
            }
        }

        return roles.OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    private List<PlanHeaderMapping> Mapping(List<PlanHeaderConfig>? headers, string path)
    {
        var mapping = new List<PlanHeaderMapping>();
        for (var j = 0; j < (headers?.Count ?? 0); j++)
        {
            var entry = headers![j] ?? new PlanHeaderConfig();
            var entryPath = ConfigErrorList.Item(path, j + 1, entry.Header);
            var errorsBefore = errors.Count;
            if (IsMissing(entry.Header))
            {
                errors.Add($"{entryPath}.header", "header is required: the response header's name, e.g. x-vendor-5h-used");
            }
            else if (!entry.Header.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                errors.Add($"{entryPath}.header", $"header `{entry.Header}` is not a header name; use letters, digits, `-` and `_` only");
            }

            if (IsMissing(entry.Window))
            {
                errors.Add($"{entryPath}.window", "window is required: the window it speaks of, e.g. 5h");
            }
            else if (!IsWindowName(entry.Window))
            {
                errors.Add($"{entryPath}.window", $"window name `{entry.Window}` must be letters, digits or underscores, e.g. 5h");
            }

            PlanHeaderValue value = default;
            if (IsMissing(entry.Value))
            {
                errors.Add($"{entryPath}.value", $"value is required: what the header carries, one of {ConfigErrorList.Names(HeaderValues.Keys)}");
            }
            else if (!HeaderValues.TryGetValue(entry.Value, out value))
            {
                errors.Add($"{entryPath}.value", $"value `{entry.Value}` is not known; write one of {ConfigErrorList.Names(HeaderValues.Keys)}");
            }
            else if (entry.Scale is { } scale && (value != PlanHeaderValue.Utilization || !(scale > 0) || !double.IsFinite(scale)))
            {
                errors.Add($"{entryPath}.scale", value != PlanHeaderValue.Utilization
                    ? "scale is for utilization headers only; remove it"
                    : $"scale must be positive (1 for a fraction, 100 for a percent), got {scale}");
            }

            if (errors.Count == errorsBefore)
            {
                mapping.Add(new PlanHeaderMapping(entry.Header!.ToLowerInvariant(), entry.Window!, value, entry.Scale ?? 1));
            }
        }

        return mapping;
    }

    private PlanHeartbeat? Heartbeat(HeartbeatConfig config, string? providerId, string path)
    {
        var errorsBefore = errors.Count;
        TimeSpan every = default;
        if (IsMissing(config.Every))
        {
            errors.Add($"{path}.every", "every is required: how often the heartbeat refreshes the figures, e.g. 5m");
        }
        else if (ParsePositiveDuration(config.Every, $"{path}.every", "every") is { } parsed)
        {
            every = parsed;
            if (parsed < ShortestHeartbeat)
            {
                errors.Add($"{path}.every", $"every must be at least {DurationParser.Format(ShortestHeartbeat)}: each probe spends plan quota");
            }
        }

        if (IsMissing(config.Model) == IsMissing(config.UsageUrl))
        {
            errors.Add(path, "a heartbeat probes one thing: give either model (a cheap model of the profile's provider) or usageUrl (a path on the provider's host)");
        }
        else if (!IsMissing(config.Model))
        {
            if (!declaredModels.TryGetValue(config.Model, out var model))
            {
                errors.Add($"{path}.model", $"model `{config.Model}` is not declared; declared models: {DeclaredModelList}");
            }
            else if (providerId is not null && model.Provider != providerId)
            {
                errors.Add($"{path}.model", $"model `{config.Model}` is served by provider `{model.Provider}`, not by the profile's provider `{providerId}`; probe a model of `{providerId}`");
            }
        }
        else if (!config.UsageUrl!.StartsWith('/') || config.UsageUrl.StartsWith("//", StringComparison.Ordinal) || config.UsageUrl.Contains("://", StringComparison.Ordinal)
            || !Uri.IsWellFormedUriString(config.UsageUrl, UriKind.Relative))
        {
            errors.Add($"{path}.usageUrl", $"usageUrl must be a path on the provider's own host, starting with `/` (e.g. /api/usage), got `{config.UsageUrl}`");
        }

        return errors.Count == errorsBefore ? new PlanHeartbeat(every, IsMissing(config.Model) ? null : config.Model, IsMissing(config.UsageUrl) ? null : config.UsageUrl) : null;
    }

    private static bool IsWindowName(string name) =>
        name.Length is > 0 and <= 32 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
