using RoutingCluster.Routing;

namespace RoutingCluster.Configuration;

public sealed partial class ConfigValidator
{
    private const string DefaultRoleName = "default";

    private readonly Dictionary<string, AliasDefinition> aliases = new(StringComparer.Ordinal);
    private readonly List<RoutingRule> rules = [];

    private void ValidateAliases(Dictionary<string, string>? config)
    {
        foreach (var (name, target) in config ?? [])
        {
            var path = ConfigErrorList.Child("aliases", name);
            var errorsBefore = errors.Count;
            if (IsMissing(name))
            {
                errors.Add(path, "an alias needs a non-empty name");
            }
            else if (declaredRoles.Contains(name))
            {
                errors.Add(path, $"alias `{name}` has the same name as role `{name}`; a requested name must mean one thing, so rename the alias");
            }
            else if (declaredModels.ContainsKey(name))
            {
                errors.Add(path, $"alias `{name}` has the same name as model `{name}`; a requested name must mean one thing, so rename the alias");
            }

            AliasTargetKind kind = default;
            if (IsMissing(target))
            {
                errors.Add(path, $"alias `{name}` has no target; set it to a role ({DeclaredRoleList}) or a model ({DeclaredModelList})");
            }
            else if (declaredRoles.Contains(target))
            {
                kind = AliasTargetKind.Role;
            }
            else if (declaredModels.ContainsKey(target))
            {
                kind = AliasTargetKind.Model;
            }
            else
            {
                errors.Add(path, $"alias `{name}` targets `{target}`, which is neither a role nor a model; roles: {DeclaredRoleList}; models: {DeclaredModelList}");
            }

            if (errors.Count == errorsBefore)
            {
                aliases[name] = new AliasDefinition(name, target!, kind);
            }
        }
    }

    /// <summary>
    /// <c>routing.unknownModels</c>: <c>defaultRole</c> or <c>reject</c>. Unset, an explicit
    /// <c>routing.defaultRole</c> means <c>defaultRole</c> (the catch-all users of Claude Code expect),
    /// the implicit one <c>reject</c>.
    /// </summary>
    private UnknownModelPolicy ValidateUnknownModels(RoutingConfig? config) => config?.UnknownModels switch
    {
        null => config?.DefaultRole is null ? UnknownModelPolicy.Reject : UnknownModelPolicy.DefaultRole,
        "defaultRole" => UnknownModelPolicy.DefaultRole,
        "reject" => UnknownModelPolicy.Reject,
        var other => Invalid(other),
    };

    private UnknownModelPolicy Invalid(string value)
    {
        errors.Add("routing.unknownModels", $"unknownModels `{value}` is not known; use `defaultRole` (serve unclaimed model names by routing.defaultRole) or `reject` (answer 404)");
        return UnknownModelPolicy.Reject;
    }

    /// <summary>Validates <c>routing</c>, filling <see cref="rules"/>; returns the default role.</summary>
    private string ValidateRouting(RoutingConfig? config)
    {
        var defaultRole = config?.DefaultRole ?? DefaultRoleName;
        if (declaredRoles.Count > 0 && !declaredRoles.Contains(defaultRole))
        {
            errors.Add("routing.defaultRole", config?.DefaultRole is null
                ? $"no role is named `{DefaultRoleName}` and routing.defaultRole is not set; declare role `{DefaultRoleName}` or set routing.defaultRole to one of: {DeclaredRoleList}"
                : $"defaultRole `{defaultRole}` is not a declared role; use one of: {DeclaredRoleList}");
        }

        var list = config?.Rules ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var rule = list[i] ?? new RuleConfig();
            var path = $"routing.rules[{i + 1}]";
            var errorsBefore = errors.Count;
            var when = rule.When ?? new RuleConditionConfig();
            if (when.ModelMatches is null && when.Thinking is null && when.EstimatedTokensOver is null && when.Tools is null && when.Vision is null && when.Effort is null)
            {
                errors.Add($"{path}.when", $"rule {i + 1} has no condition; set at least one of modelMatches, thinking, effort, estimatedTokensOver, tools, vision (for a catch-all use routing.defaultRole)");
            }
            else if (when.ModelMatches is { Length: 0 })
            {
                errors.Add($"{path}.when.modelMatches", $"rule {i + 1} has an empty modelMatches; write a glob such as `claude-*`, or remove it");
            }

            if (when.Effort is { } effort && !EffortLevels.All.Contains(effort))
            {
                errors.Add($"{path}.when.effort", $"rule {i + 1} has effort `{effort}`; use one of: {string.Join(", ", EffortLevels.All)}");
            }

            if (when.EstimatedTokensOver is <= 0)
            {
                errors.Add($"{path}.when.estimatedTokensOver", $"rule {i + 1} has estimatedTokensOver {when.EstimatedTokensOver}; it must be a positive number of tokens");
            }

            var role = ResolveRuleRole(rule.Role, $"{path}.role", i + 1);
            if (errors.Count == errorsBefore && role is not null)
            {
                var condition = new RuleCondition(when.ModelMatches, when.Thinking, when.EstimatedTokensOver, when.Tools, when.Vision, when.Effort);
                rules.Add(new RoutingRule(i + 1, condition, role));
            }
        }

        return defaultRole;
    }

    /// <summary>A rule may name a role or an alias of a role; the model holds the role itself.</summary>
    private string? ResolveRuleRole(string? name, string path, int index)
    {
        if (IsMissing(name))
        {
            errors.Add(path, $"rule {index} names no role; set role: to one of: {DeclaredRoleList}");
            return null;
        }

        if (declaredRoles.Contains(name))
        {
            return name;
        }

        if (aliases.TryGetValue(name, out var alias) && alias.Kind == AliasTargetKind.Role)
        {
            return alias.Target;
        }

        errors.Add(path, aliases.ContainsKey(name)
            ? $"rule {index} names `{name}`, an alias of a model, not of a role; rules pick a role, use one of: {DeclaredRoleList}"
            : $"rule {index} names role `{name}`, which is not declared; declared roles: {DeclaredRoleList}");
        return null;
    }
}
