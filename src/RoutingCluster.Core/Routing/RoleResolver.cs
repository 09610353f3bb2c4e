using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using RoutingCluster.Configuration;

namespace RoutingCluster.Routing;

/// <summary>
/// Decides a request's role. Precedence: the <c>x-routing-role</c> header (a role or an alias);
/// then a <c>model</c> naming a role, an alias or a model id; then the rules in order, first match
/// wins; otherwise the default role when <c>routing.unknownModels</c> says so (reason <c>default</c>),
/// else the model is unknown. Explicit names never go through the rules.
/// </summary>
public static class RoleResolver
{
    public static RoleResolution Resolve(GatewayDefinition definition, RequestFeatures request)
    {
        if (!string.IsNullOrEmpty(request.RoleHeader))
        {
            return ByName(definition, request.RoleHeader, "header") is { } byHeader
                ? RoleResolution.Resolved(byHeader)
                : RoleResolution.Refused(new RouteError(RouteErrorKind.UnknownRoleHeader,
                    $"The x-routing-role header names `{request.RoleHeader}`, which is not a role or alias. Roles: {string.Join(", ", definition.Roles.Keys.Order(StringComparer.Ordinal))}."));
        }

        if (ByName(definition, request.RequestedModel, null) is { } named)
        {
            return RoleResolution.Resolved(named);
        }

        foreach (var rule in definition.Rules)
        {
            if (Matches(rule.When, request))
            {
                return RoleResolution.Resolved(ForRole(definition, rule.Role, $"rule {rule.Index}"));
            }
        }

        if (definition.UnknownModels == UnknownModelPolicy.DefaultRole)
        {
            return RoleResolution.Resolved(ForRole(definition, definition.DefaultRole, "default"));
        }

        return RoleResolution.Refused(new RouteError(RouteErrorKind.UnknownModel,
            $"The model `{request.RequestedModel}` does not exist. Use a role ({Listed(definition.Roles.Keys)}), an alias ({Listed(definition.Aliases.Keys)}) or a model ({Listed(definition.Models.Keys)})."));
    }

    private static string Listed(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    private static RouteTarget? ByName(GatewayDefinition definition, string name, string? reason)
    {
        if (definition.Roles.ContainsKey(name))
        {
            return ForRole(definition, name, reason ?? "role");
        }

        if (definition.Aliases.TryGetValue(name, out var alias))
        {
            return alias.Kind == AliasTargetKind.Role
                ? ForRole(definition, alias.Target, reason ?? $"alias {name}")
                : RouteTarget.ForModel(alias.Target, reason ?? $"alias {name}");
        }

        return definition.Models.ContainsKey(name) ? RouteTarget.ForModel(name, reason ?? "model") : null;
    }

    private static RouteTarget ForRole(GatewayDefinition definition, string role, string reason) => new(role, definition.Roles[role].Chain, reason);

    internal static bool Matches(RuleCondition when, RequestFeatures request) =>
        (when.ModelMatches is not { } glob || GlobMatches(glob, request.RequestedModel))
        && (when.Thinking is not { } thinking || thinking == request.Thinking)
        && (when.Tools is not { } tools || tools == request.Tools)
        && (when.Vision is not { } vision || vision == request.Vision)
        && (when.EstimatedTokensOver is not { } over || request.EstimatedInputTokens > over)
        && (when.Effort is not { } effort || effort == request.Effort);

    internal static bool GlobMatches(string glob, string value) => Globs.GetOrAdd(glob, Compile).IsMatch(value);

    /// <summary>Rule globs compiled once: a config holds a handful, and every unnamed request tests them.</summary>
    private static readonly ConcurrentDictionary<string, Regex> Globs = new(StringComparer.Ordinal);

    private static Regex Compile(string glob) => new(
        "^" + Regex.Escape(glob).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled,
        TimeSpan.FromMilliseconds(50));
}
