using System.Diagnostics.CodeAnalysis;

namespace RoutingCluster.Configuration;

/// <summary>
/// Builds a <see cref="GatewayDefinition"/> from a <see cref="GatewayConfig"/>, or reports every error.
/// It never stops at the first problem: each section is checked even when an earlier one failed,
/// and references are checked against what was <em>declared</em> (an id that appears), not only
/// against entries that were valid, so one mistake does not cascade into a dozen messages.
/// The sections live in the partial files next to this one.
/// </summary>
public sealed partial class ConfigValidator
{
    private readonly ConfigErrorList errors;
    private readonly ISecretResolver secrets;
    private readonly RegisteredNames registered;

    private ConfigValidator(ConfigErrorList errors, ISecretResolver secrets, RegisteredNames registered)
    {
        this.errors = errors;
        this.secrets = secrets;
        this.registered = registered;
    }

    /// <param name="registered">The strategies and protocols the host can serve; anything else is an error.</param>
    public static ConfigLoadResult Validate(GatewayConfig config, string sourceName, ISecretResolver secrets, RegisteredNames registered)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        return Validate(config, new ConfigErrorList(sourceName), secrets, registered);
    }

    /// <summary>Validates into <paramref name="errors"/>, which may already hold the YAML-level
    /// problems (unknown keys); the definition is built only when no error at all was found.</summary>
    internal static ConfigLoadResult Validate(GatewayConfig config, ConfigErrorList errors, ISecretResolver secrets, RegisteredNames registered)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(registered);
        return new ConfigValidator(errors, secrets, registered).Run(config);
    }

    private ConfigLoadResult Run(GatewayConfig config)
    {
        var roleNames = (config.Roles?.Keys ?? Enumerable.Empty<string>()).ToHashSet(StringComparer.Ordinal);

        DeclareTenants(config.Tenants);
        ValidateProviders(config.Providers);
        ValidateCredentials(config.Credentials);
        ValidateModels(config.Models, roleNames);
        AddImplicitCredentials(config.Credentials);
        ValidateRoles(config.Roles);
        ValidateProfiles(config.Credentials, roleNames);
        ValidateAliases(config.Aliases);
        var defaultRole = ValidateRouting(config.Routing);
        var unknownModels = ValidateUnknownModels(config.Routing);
        ValidateTenants(config.Tenants);
        ValidateAdminKeys(config.AdminKeys);
        ValidateOwnership(config.Credentials);
        var store = ValidateStore(config.Store);
        var server = ValidateServer(config.Server);
        var resilience = ValidateResilience(config.Resilience);
        var cluster = ValidateCluster(config.Cluster);
        var limits = ValidateLimits(config.Limits);

        if (errors.Count > 0)
        {
            return ConfigLoadResult.Failure(errors.Errors);
        }

        var byProvider = providers.Keys.ToDictionary(
            id => id,
            id => (IReadOnlyList<CredentialDefinition>)credentials.Where(c => c.ProviderId == id).ToList(),
            StringComparer.Ordinal);
        return ConfigLoadResult.Success(new GatewayDefinition
        {
            Providers = providers,
            Credentials = credentials,
            Models = models,
            Roles = roles,
            Aliases = aliases,
            DefaultRole = defaultRole,
            UnknownModels = unknownModels,
            Rules = rules,
            GatewayKeys = gatewayKeys,
            Tenants = tenants,
            Store = store,
            Server = server,
            Resilience = resilience,
            Cluster = cluster,
            Limits = limits,
            CredentialsByProvider = byProvider,
        });
    }

    /// <summary>Resolves a secret reference, reporting the resolver's message at <paramref name="path"/>.</summary>
    private SecretValue? ResolveSecret(string reference, string path)
    {
        var resolution = secrets.Resolve(reference);
        if (resolution.Ok)
        {
            return resolution.Value;
        }

        errors.Add(path, resolution.Error);
        return null;
    }

    /// <summary>Parses a duration that must be longer than zero; null (and an error) otherwise.</summary>
    private TimeSpan? ParsePositiveDuration(string text, string path, string what)
    {
        if (!DurationParser.TryParse(text, out var value))
        {
            errors.Add(path, $"{what} `{text}` is not a duration; write a number and a unit, e.g. 30s, 5m, 5h or 7d (units: {DurationParser.UnitList})");
            return null;
        }

        if (value <= TimeSpan.Zero)
        {
            errors.Add(path, $"{what} `{text}` must be longer than zero");
            return null;
        }

        return value;
    }

    private static bool IsMissing([NotNullWhen(false)] string? value) => string.IsNullOrWhiteSpace(value);
}
