using RoutingCluster.Entities;

namespace RoutingCluster.Configuration;

public sealed partial class ConfigValidator
{
    private const string MinuteWindow = "minute";

    /// <summary>In declaration order, then the implicit ones (see <see cref="AddImplicitCredentials"/>).</summary>
    private readonly List<CredentialDefinition> credentials = [];

    private readonly HashSet<string> declaredCredentialIds = new(StringComparer.Ordinal);

    private void ValidateCredentials(List<CredentialConfig>? list)
    {
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var config = list![i] ?? new CredentialConfig();
            var path = ConfigErrorList.Item("credentials", i + 1, config.Id);
            var errorsBefore = errors.Count;
            if (IsMissing(config.Id))
            {
                errors.Add(path, "id is required; give the credential a unique id, e.g. `id: openai-a`");
            }
            else if (config.Id.StartsWith(Tenants.TenantLimiting.GrainPrefix, StringComparison.Ordinal))
            {
                errors.Add($"{path}.id", $"credential id `{config.Id}` starts with `{Tenants.TenantLimiting.GrainPrefix}`, which names the tenants' rate limiters; choose another id");
            }
            else if (!declaredCredentialIds.Add(config.Id))
            {
                errors.Add($"{path}.id", $"credential id `{config.Id}` is declared more than once; credential ids must be unique");
            }

            DeclaredProvider? provider = null;
            if (IsMissing(config.Provider))
            {
                errors.Add($"{path}.provider", $"provider is required; name one of the declared providers: {DeclaredProviderList}");
            }
            else if (!declaredProviders.TryGetValue(config.Provider, out provider))
            {
                errors.Add($"{path}.provider", $"provider `{config.Provider}` is not declared; declared providers: {DeclaredProviderList}");
            }

            // An unknown kind is reported once; the secret is then read from whichever field was written.
            var kind = CheckKind(config, path);
            var subscription = kind ?? config.Token is not null;
            SecretValue? apiKey = null;
            var (secretField, secret) = subscription ? ("token", config.Token) : ("apiKey", config.ApiKey);
            if (!IsMissing(secret))
            {
                apiKey = ResolveSecret(secret, $"{path}.{secretField}");
            }
            else if (provider is not null && RequiresKey(provider.Config) && kind is not null)
            {
                errors.Add($"{path}.{secretField}", $"{secretField} is required for hosted provider `{config.Provider}`; write env:NAME or file:PATH");
            }

            var limits = BuildLimits(config.Limits, $"{path}.limits");
            if (errors.Count == errorsBefore)
            {
                credentials.Add(new CredentialDefinition(config.Id!, config.Provider!, apiKey, limits!,
                    CredentialFingerprint.Compute(config.Provider!, config.Id!, apiKey, limits!))
                {
                    Owner = config.Owner,
                });
            }
        }
    }

    /// <summary>
    /// A provider with models but no credential: an error for hosted providers (they need a key),
    /// but a local or simulated one gets an implicit credential named after the provider, keyless
    /// and unlimited, so a minimal config (one local provider, its models, a role) just works.
    /// </summary>
    private void AddImplicitCredentials(List<CredentialConfig>? declared)
    {
        var named = (declared ?? []).Select(c => c?.Provider).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var (id, provider) in declaredProviders)
        {
            var modelIds = declaredModels.Values.Where(m => m.Provider == id).Select(m => m.Id!).ToList();
            if (modelIds.Count == 0 || named.Contains(id))
            {
                continue;
            }

            if (RequiresKey(provider.Config))
            {
                errors.Add(provider.Path, $"hosted provider `{id}` serves models ({ConfigErrorList.Names(modelIds)}) but has no credential; declare a credential with provider: {id} and an apiKey");
            }
            else if (declaredCredentialIds.Contains(id))
            {
                errors.Add(provider.Path, $"provider `{id}` has no credential, and its implicit credential `{id}` clashes with a declared credential of that id; declare a credential with provider: {id}");
            }
            else if (providers.ContainsKey(id))
            {
                credentials.Add(new CredentialDefinition(id, id, null, CredentialLimits.Unlimited,
                    CredentialFingerprint.Compute(id, id, null, CredentialLimits.Unlimited)));
            }
        }
    }

    private CredentialLimits? BuildLimits(LimitsConfig? config, string path)
    {
        if (config is null)
        {
            return CredentialLimits.Unlimited;
        }

        var errorsBefore = errors.Count;
        RequirePositive(config.Rpm, $"{path}.rpm", "rpm (requests per minute)");
        RequirePositive(config.Tpm, $"{path}.tpm", "tpm (tokens per minute)");
        RequirePositive(config.Concurrency, $"{path}.concurrency", "concurrency (requests in flight)");

        var windows = new List<WindowLimit>();
        var seenSpans = new Dictionary<TimeSpan, string>();
        if (config.Rpm is not null || config.Tpm is not null)
        {
            windows.Add(new WindowLimit(MinuteWindow, TimeSpan.FromMinutes(1), config.Rpm, config.Tpm));
            seenSpans[TimeSpan.FromMinutes(1)] = "the per-minute window set by rpm/tpm";
        }

        for (var j = 0; j < (config.Windows?.Count ?? 0); j++)
        {
            var window = config.Windows![j] ?? new WindowConfig();
            var windowPath = ConfigErrorList.Item($"{path}.windows", j + 1, null);
            if (window.Requests is null && window.Tokens is null)
            {
                errors.Add(windowPath, "a window needs requests, tokens or both, e.g. `requests: 500`");
            }

            RequirePositive(window.Requests, $"{windowPath}.requests", "requests");
            RequirePositive(window.Tokens, $"{windowPath}.tokens", "tokens");
            if (IsMissing(window.Span))
            {
                errors.Add($"{windowPath}.span", "span is required: how long the window is, e.g. 5h or 7d");
                continue;
            }

            if (ParsePositiveDuration(window.Span, $"{windowPath}.span", "span") is not { } span)
            {
                continue;
            }

            if (seenSpans.TryGetValue(span, out var other))
            {
                var name = $"window `{window.Span}`";
                errors.Add($"{windowPath}.span", other == name
                    ? $"{name} is declared more than once; keep one"
                    : $"{name} spans the same time as {other}; merge them into one");
                continue;
            }

            seenSpans[span] = $"window `{window.Span}`";
            windows.Add(new WindowLimit(window.Span, span, window.Requests, window.Tokens));
        }

        return errors.Count == errorsBefore ? new CredentialLimits(config.Concurrency, windows) : null;
    }

    private void RequirePositive(long? value, string path, string what)
    {
        if (value is <= 0)
        {
            errors.Add(path, $"{what} must be positive, got {value}; remove it for no limit");
        }
    }
}
