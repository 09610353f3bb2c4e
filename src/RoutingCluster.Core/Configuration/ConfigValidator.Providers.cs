using RoutingCluster.Entities;

namespace RoutingCluster.Configuration;

public sealed partial class ConfigValidator
{
    private static readonly TimeSpan DefaultSimulatedLatency = TimeSpan.FromMilliseconds(150);
    private const double DefaultSimulatedTokensPerSecond = 80;
    private const int DefaultSimulatedSeed = 1;

    private readonly Dictionary<string, ProviderDefinition> providers = new(StringComparer.Ordinal);

    /// <summary>Every provider id that appears, valid or not, first declaration wins.</summary>
    private readonly Dictionary<string, DeclaredProvider> declaredProviders = new(StringComparer.Ordinal);

    private string DeclaredProviderList => ConfigErrorList.Names(declaredProviders.Keys);

    private string RegisteredProtocolList => ConfigErrorList.Names(registered.ProtocolNames);

    private void ValidateProviders(List<ProviderConfig>? list)
    {
        if (list is null || list.Count == 0)
        {
            errors.Add("providers", "no provider is declared; declare at least one, e.g. `- id: local` with `protocol: simulated`, or `protocol: openai-chat` with a `baseUrl`");
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var config = list[i] ?? new ProviderConfig();
            var path = ConfigErrorList.Item("providers", i + 1, config.Id);
            if (IsMissing(config.Id))
            {
                errors.Add(path, "id is required; give the provider a unique id, e.g. `id: openai`");
            }
            else if (!declaredProviders.TryAdd(config.Id, new DeclaredProvider(config, path)))
            {
                errors.Add($"{path}.id", $"provider id `{config.Id}` is declared more than once; provider ids must be unique");
                continue;
            }

            var provider = BuildProvider(config, path);
            if (provider is not null && !IsMissing(config.Id))
            {
                providers[provider.Id] = provider;
            }
        }
    }

    private ProviderDefinition? BuildProvider(ProviderConfig config, string path)
    {
        var ok = true;
        var protocolName = config.Protocol;
        var known = ProviderProtocols.TryParse(protocolName, out var protocol);
        if (IsMissing(protocolName))
        {
            errors.Add($"{path}.protocol", $"protocol is required; use one of: {RegisteredProtocolList}");
            ok = false;
        }
        else if (!known)
        {
            errors.Add($"{path}.protocol", $"unknown protocol `{protocolName}`; use one of: {RegisteredProtocolList}");
            ok = false;
        }
        else if (!registered.HasProtocol(protocol))
        {
            errors.Add($"{path}.protocol", $"protocol `{protocolName}` has no implementation in this gateway; use one of: {RegisteredProtocolList}");
            ok = false;
        }

        var className = config.Class ?? DefaultClass(protocolName);
        if (!ProviderClasses.TryParse(className, out var providerClass))
        {
            errors.Add($"{path}.class", $"unknown class `{className}`; use one of: {ConfigErrorList.Names(ProviderClasses.Names)}");
            ok = false;
        }

        var baseUrl = ValidateBaseUrl(config, path, ref ok);
        SimulationDefinition? simulation = null;
        if (known && protocol == ProviderProtocol.Simulated)
        {
            simulation = BuildSimulation(config.Simulation ?? new SimulationConfig(), $"{path}.simulation", ref ok);
        }
        else if (config.Simulation is not null && known)
        {
            errors.Add($"{path}.simulation", $"simulation is only allowed with protocol `{ProviderProtocols.SimulatedName}`; remove it, or set protocol: {ProviderProtocols.SimulatedName}");
            ok = false;
        }

        var maxLearnedWait = CooldownPolicy.DefaultMaxLearnedWait;
        if (config.MaxLearnedWait is not null)
        {
            if (ParsePositiveDuration(config.MaxLearnedWait, $"{path}.maxLearnedWait", "maxLearnedWait") is { } cap)
            {
                maxLearnedWait = cap;
            }
            else
            {
                ok = false;
            }
        }

        var region = IsMissing(config.Region) ? "default" : config.Region!;
        return ok ? new ProviderDefinition(config.Id ?? "", protocol, baseUrl, region, providerClass, simulation, maxLearnedWait) : null;
    }

    private Uri? ValidateBaseUrl(ProviderConfig config, string path, ref bool ok)
    {
        const string Example = "e.g. `https://api.openai.com/v1` (the gateway appends /chat/completions)";
        if (IsMissing(config.BaseUrl))
        {
            if (config.Protocol == ProviderProtocols.OpenAiChatName)
            {
                errors.Add($"{path}.baseUrl", $"baseUrl is required for protocol `{ProviderProtocols.OpenAiChatName}`; give the API root, {Example}");
                ok = false;
            }
            else if (config.Protocol == ProviderProtocols.AnthropicMessagesName)
            {
                errors.Add($"{path}.baseUrl", $"baseUrl is required for protocol `{ProviderProtocols.AnthropicMessagesName}`; give the API root, e.g. `https://api.anthropic.com/v1` (the gateway appends /messages)");
                ok = false;
            }

            return null;
        }

        if (Uri.TryCreate(config.BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        errors.Add($"{path}.baseUrl", $"baseUrl `{config.BaseUrl}` is not an absolute http or https URL; give the API root, {Example}");
        ok = false;
        return null;
    }

    private SimulationDefinition? BuildSimulation(SimulationConfig config, string path, ref bool ok)
    {
        var errorsBefore = errors.Count;
        var latency = DefaultSimulatedLatency;
        if (config.Latency is not null && !DurationParser.TryParse(config.Latency, out latency))
        {
            errors.Add($"{path}.latency", $"latency `{config.Latency}` is not a duration; write a number and a unit, e.g. 150ms or 2s (units: {DurationParser.UnitList})");
        }

        if (config.TokensPerSecond is <= 0 or double.NaN)
        {
            errors.Add($"{path}.tokensPerSecond", $"tokensPerSecond must be positive, got {config.TokensPerSecond}; e.g. 80");
        }

        if (config.FailureRate is < 0 or > 1 or double.NaN)
        {
            errors.Add($"{path}.failureRate", $"failureRate must be between 0 and 1 (a fraction of requests), got {config.FailureRate}");
        }

        if (config.RequestsPerMinute is <= 0)
        {
            errors.Add($"{path}.requestsPerMinute", $"requestsPerMinute must be positive, got {config.RequestsPerMinute}; remove it for no limit");
        }

        if (errors.Count > errorsBefore)
        {
            ok = false;
            return null;
        }

        return new SimulationDefinition(
            latency,
            config.TokensPerSecond ?? DefaultSimulatedTokensPerSecond,
            config.FailureRate ?? 0,
            config.RequestsPerMinute,
            config.Seed ?? DefaultSimulatedSeed);
    }

    private static string DefaultClass(string? protocol) =>
        protocol == ProviderProtocols.SimulatedName ? ProviderClasses.LocalName : ProviderClasses.HostedName;

    /// <summary>Hosted providers reached over the network need a key; local and simulated ones may go without.</summary>
    private static bool RequiresKey(ProviderConfig provider) =>
        (provider.Class ?? DefaultClass(provider.Protocol)) == ProviderClasses.HostedName
        && provider.Protocol != ProviderProtocols.SimulatedName;

    private sealed record DeclaredProvider(ProviderConfig Config, string Path);
}
