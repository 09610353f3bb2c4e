namespace RoutingCluster.Configuration;

public sealed partial class ConfigValidator
{
    private readonly Dictionary<string, ModelDefinition> models = new(StringComparer.Ordinal);

    /// <summary>Every model id that appears, valid or not, first declaration wins.</summary>
    private readonly Dictionary<string, ModelConfig> declaredModels = new(StringComparer.Ordinal);

    private string DeclaredModelList => ConfigErrorList.Names(declaredModels.Keys);

    private void ValidateModels(List<ModelConfig>? list, HashSet<string> roleNames)
    {
        if (list is null || list.Count == 0)
        {
            errors.Add("models", "no model is declared; declare at least one, e.g. `- id: small` with `provider`, `upstreamModel` and `contextWindow`");
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var config = list[i] ?? new ModelConfig();
            var path = ConfigErrorList.Item("models", i + 1, config.Id);
            var errorsBefore = errors.Count;
            if (IsMissing(config.Id))
            {
                errors.Add(path, "id is required: the name clients request, e.g. `id: gpt-4o-mini`");
            }
            else if (!declaredModels.TryAdd(config.Id, config))
            {
                errors.Add($"{path}.id", $"model id `{config.Id}` is declared more than once; model ids must be unique");
                continue;
            }
            else if (roleNames.Contains(config.Id))
            {
                errors.Add($"{path}.id", $"model id `{config.Id}` is also the name of role `{config.Id}`; a requested name must mean one thing, so rename the model or the role");
            }

            if (IsMissing(config.Provider))
            {
                errors.Add($"{path}.provider", $"provider is required; name one of the declared providers: {DeclaredProviderList}");
            }
            else if (!declaredProviders.ContainsKey(config.Provider))
            {
                errors.Add($"{path}.provider", $"provider `{config.Provider}` is not declared; declared providers: {DeclaredProviderList}");
            }

            if (IsMissing(config.UpstreamModel))
            {
                errors.Add($"{path}.upstreamModel", "upstreamModel is required: the model name the provider expects, e.g. `upstreamModel: gpt-4o-mini`");
            }

            ValidateModelSizes(config, path);
            var capabilities = ParseCapabilities(config.Capabilities, $"{path}.capabilities");
            var inputPrice = NonNegativePrice(config.Price?.Input, $"{path}.price.input");
            var outputPrice = NonNegativePrice(config.Price?.Output, $"{path}.price.output");
            if (errors.Count == errorsBefore)
            {
                models[config.Id!] = new ModelDefinition(config.Id!, config.Provider!, config.UpstreamModel!,
                    config.ContextWindow!.Value, config.MaxOutput, capabilities, inputPrice, outputPrice);
            }
        }
    }

    private void ValidateModelSizes(ModelConfig config, string path)
    {
        if (config.ContextWindow is null)
        {
            errors.Add($"{path}.contextWindow", "contextWindow is required: the model's context size in tokens, e.g. `contextWindow: 128000`");
        }
        else if (config.ContextWindow <= 0)
        {
            errors.Add($"{path}.contextWindow", $"contextWindow must be a positive number of tokens, got {config.ContextWindow}");
        }

        if (config.MaxOutput <= 0)
        {
            errors.Add($"{path}.maxOutput", $"maxOutput must be a positive number of tokens, got {config.MaxOutput}; remove it for no limit");
        }
        else if (config.MaxOutput > config.ContextWindow)
        {
            errors.Add($"{path}.maxOutput", $"maxOutput {config.MaxOutput} is larger than contextWindow {config.ContextWindow}; lower it");
        }
    }

    private ModelCapabilities ParseCapabilities(List<string>? names, string path)
    {
        var capabilities = ModelCapabilities.None;
        for (var i = 0; i < (names?.Count ?? 0); i++)
        {
            capabilities |= names![i] switch
            {
                ModelCapabilityNames.Tools => ModelCapabilities.Tools,
                ModelCapabilityNames.Vision => ModelCapabilities.Vision,
                ModelCapabilityNames.Thinking => ModelCapabilities.Thinking,
                var unknown => UnknownCapability(unknown, $"{path}[{i + 1}]"),
            };
        }

        return capabilities;
    }

    private ModelCapabilities UnknownCapability(string? name, string path)
    {
        errors.Add(path, $"unknown capability `{name}`; use any of: {ConfigErrorList.Names(ModelCapabilityNames.All)}");
        return ModelCapabilities.None;
    }

    private decimal NonNegativePrice(decimal? price, string path)
    {
        if (price < 0)
        {
            errors.Add(path, $"price must be zero or more (USD per million tokens), got {price}");
        }

        return price ?? 0;
    }
}
