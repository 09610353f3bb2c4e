using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using RoutingCluster.Configuration;

namespace RoutingCluster.Routing;

/// <summary>
/// Decides a request's role. Precedence: the <c>x-routing-role</c> header (a role or an alias);
/// then a <c>model</c> naming a role, an alias or a model id; then the rules in order, first match
/// wins; otherwise the model is unknown. Explicit names never go through the rules.
/// </summary>
public static class RoleResolver
{
    public static (RouteTarget? Target, RouteError? Error) Resolve(GatewayDefinition model, RequestFeatures request)
    {
        if (!string.IsNullOrEmpty(request.RoleHeader))
        {
            return ByName(model, request.RoleHeader, "header") is { } byHeader
                ? (byHeader, null)
                : (null, new RouteError(RouteErrorKind.UnknownRoleHeader,
                    $"The x-routing-role header names `{request.RoleHeader}`, which is not a role or alias. Roles: {string.Join(", ", model.Roles.Keys.Order(StringComparer.Ordinal))}."));
        }

        if (ByName(model, request.RequestedModel, null) is { } named)
        {
            return (named, null);
        }

        foreach (var rule in model.Rules)
        {
            if (Matches(rule.When, request))
            {
                return (ForRole(model, rule.Role, $"rule {rule.Index}"), null);
            }
        }

        return (null, new RouteError(RouteErrorKind.UnknownModel,
            $"The model `{request.RequestedModel}` does not exist. Use a role ({Listed(model.Roles.Keys)}), an alias ({Listed(model.Aliases.Keys)}) or a model ({Listed(model.Models.Keys)})."));
    }

    private static string Listed(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    private static RouteTarget? ByName(GatewayDefinition model, string name, string? reason)
    {
        if (model.Roles.ContainsKey(name))
        {
            return ForRole(model, name, reason ?? "role");
        }

        if (model.Aliases.TryGetValue(name, out var alias))
        {
            return alias.Kind == AliasTargetKind.Role
                ? ForRole(model, alias.Target, reason ?? $"alias {name}")
                : ForModel(alias.Target, reason ?? $"alias {name}");
        }

        return model.Models.ContainsKey(name) ? ForModel(name, reason ?? "model") : null;
    }

    private static RouteTarget ForRole(GatewayDefinition model, string role, string reason) => new(role, model.Roles[role].Chain, reason);

    private static RouteTarget ForModel(string modelId, string reason) =>
        new($"model:{modelId}", [new StepDefinition(1, [modelId], StrategyNames.Priority)], reason);

    internal static bool Matches(RuleCondition when, RequestFeatures request) =>
        (when.ModelMatches is not { } glob || GlobMatches(glob, request.RequestedModel))
        && (when.Thinking is not { } thinking || thinking == request.Thinking)
        && (when.Tools is not { } tools || tools == request.Tools)
        && (when.Vision is not { } vision || vision == request.Vision)
        && (when.EstimatedTokensOver is not { } over || request.EstimatedInputTokens > over);

    internal static bool GlobMatches(string glob, string value) => Globs.GetOrAdd(glob, Compile).IsMatch(value);

    /// <summary>Rule globs compiled once: a config holds a handful, and every unnamed request tests them.</summary>
    private static readonly ConcurrentDictionary<string, Regex> Globs = new(StringComparer.Ordinal);

    private static Regex Compile(string glob) => new(
        "^" + Regex.Escape(glob).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled,
        TimeSpan.FromMilliseconds(50));
}
