using RoutingCluster.Routing;

namespace RoutingCluster.Configuration;

public sealed partial class ConfigValidator
{
    private readonly Dictionary<string, RoleDefinition> roles = new(StringComparer.Ordinal);
    private readonly HashSet<string> declaredRoles = new(StringComparer.Ordinal);

    private string DeclaredRoleList => ConfigErrorList.Names(declaredRoles);

    private void ValidateRoles(Dictionary<string, RoleConfig>? config)
    {
        if (config is null || config.Count == 0)
        {
            errors.Add("roles", "no role is declared; declare at least one, e.g. `default:` with `chain: [{ model: <model id> }]`");
            return;
        }

        declaredRoles.UnionWith(config.Keys);
        foreach (var (name, role) in config)
        {
            var path = ConfigErrorList.Child("roles", name);
            if (IsMissing(name))
            {
                errors.Add(path, "a role needs a non-empty name");
                continue;
            }

            var chain = role?.Chain;
            if (chain is null || chain.Count == 0)
            {
                errors.Add($"{path}.chain", $"role `{name}` has no chain; add at least one step, e.g. `chain: [{{ model: <model id> }}]`");
                continue;
            }

            var errorsBefore = errors.Count;
            var steps = new List<StepDefinition>(chain.Count);
            for (var i = 0; i < chain.Count; i++)
            {
                steps.Add(BuildStep(name, i + 1, chain[i] ?? new StepConfig(), $"{path}.chain[{i + 1}]"));
            }

            if (errors.Count == errorsBefore)
            {
                roles[name] = new RoleDefinition(name, steps);
            }
        }
    }

    private StepDefinition BuildStep(string role, int index, StepConfig config, string path)
    {
        var step = $"role `{role}` step {index}";
        var modelIds = new List<string>();
        if (config.Model is not null && config.Models is not null)
        {
            errors.Add(path, $"{step} sets both model and models; keep one (models: [a, b] for several)");
        }
        else if (config.Models is not null)
        {
            if (config.Models.Count == 0)
            {
                errors.Add($"{path}.models", $"{step} has an empty models list; name at least one model id, declared: {DeclaredModelList}");
            }

            for (var k = 0; k < config.Models.Count; k++)
            {
                CheckStepModel(step, config.Models[k], $"{path}.models[{k + 1}]", modelIds);
            }
        }
        else if (config.Model is not null)
        {
            CheckStepModel(step, config.Model, $"{path}.model", modelIds);
        }
        else
        {
            errors.Add(path, $"{step} names no model; set model: <id> or models: [<id>, ...], declared: {DeclaredModelList}");
        }

        var strategy = config.Strategy ?? StrategyNames.Priority;
        if (!registered.HasStrategy(strategy))
        {
            errors.Add($"{path}.strategy", $"{step} has unknown strategy `{strategy}`; known strategies: {ConfigErrorList.Names(registered.Strategies)}");
        }

        return new StepDefinition(index, modelIds, strategy);
    }

    private void CheckStepModel(string step, string? modelId, string path, List<string> modelIds)
    {
        if (IsMissing(modelId))
        {
            errors.Add(path, $"{step} has an empty model id; declared: {DeclaredModelList}");
        }
        else if (!declaredModels.ContainsKey(modelId))
        {
            errors.Add(path, $"{step} names model `{modelId}`, which no model declares; declared: {DeclaredModelList}");
        }
        else if (modelIds.Contains(modelId))
        {
            errors.Add(path, $"{step} lists model `{modelId}` more than once; keep one");
        }
        else
        {
            modelIds.Add(modelId);
        }
    }
}
