using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RoutingCluster.Tenants;

namespace RoutingCluster.Configuration;

public sealed partial class ConfigValidator
{
    /// <summary>The spelling of a key hash in config, as the <c>keys</c> verb prints it.</summary>
    public const string HashPrefix = "sha256:";

    private const double DefaultWarnAt = 0.8;

    private static readonly string[] BudgetPeriodNames = ["day", "month"];

    private readonly Dictionary<string, TenantDefinition> tenants = new(StringComparer.Ordinal);

    /// <summary>Every tenant id that appears, valid or not, so an owner naming a broken tenant is not reported twice.</summary>
    private readonly HashSet<string> declaredTenantIds = new(StringComparer.Ordinal);

    private readonly Dictionary<string, string> tenantPaths = new(StringComparer.Ordinal);

    private readonly List<GatewayKey> gatewayKeys = [];

    /// <summary>Key ids and hashes seen so far, with the path that declared them, to report duplicates.</summary>
    private readonly Dictionary<string, string> keyIds = new(StringComparer.Ordinal);

    private readonly Dictionary<string, string> keyHashes = new(StringComparer.Ordinal);

    private string DeclaredTenantList => ConfigErrorList.Names(declaredTenantIds);

    private void DeclareTenants(List<TenantConfig>? list)
    {
        foreach (var tenant in list ?? [])
        {
            if (!IsMissing(tenant?.Id))
            {
                declaredTenantIds.Add(tenant.Id);
            }
        }
    }

    private void ValidateTenants(List<TenantConfig>? list)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var config = list![i] ?? new TenantConfig();
            var path = ConfigErrorList.Item("tenants", i + 1, config.Id);
            var errorsBefore = errors.Count;
            if (IsMissing(config.Id))
            {
                errors.Add(path, "id is required; give the tenant a unique id, e.g. `id: platform-team`");
            }
            else if (!seen.Add(config.Id))
            {
                errors.Add($"{path}.id", $"tenant id `{config.Id}` is declared more than once; tenant ids must be unique");
            }
            else if (!IsIdentifier(config.Id))
            {
                errors.Add($"{path}.id", $"tenant id `{config.Id}` may hold only letters, digits, `.`, `_` and `-` (it names metrics and budgets)");
            }
            else if (config.Id == TenantDefinition.Anonymous.Id)
            {
                errors.Add($"{path}.id", $"`{config.Id}` is the name the gateway gives callers when no key is configured; choose another id");
            }

            if (!IsMissing(config.Id))
            {
                tenantPaths.TryAdd(config.Id, path);
            }

            var admin = config.Admin ?? false;
            if (config.Keys is null || config.Keys.Count == 0)
            {
                errors.Add($"{path}.keys", "a tenant needs at least one key; mint one with `RoutingCluster.Gateway keys new` and paste the line it prints");
            }

            var keyBudgets = new Dictionary<string, IReadOnlyList<BudgetDefinition>>(StringComparer.Ordinal);
            for (var k = 0; k < (config.Keys?.Count ?? 0); k++)
            {
                var keyConfig = config.Keys![k] ?? new KeyConfig();
                var keyPath = ConfigErrorList.Item($"{path}.keys", k + 1, keyConfig.Id);
                if (ValidateKey(keyConfig, keyPath, config.Id, admin) is { } key)
                {
                    var budgets = ValidateBudgets(keyConfig.Budgets, $"{keyPath}.budgets", $"{config.Id}/{key.Id}");
                    if (budgets.Count > 0)
                    {
                        keyBudgets[key.Id] = budgets;
                    }
                }
            }

            var policy = ValidatePolicy(config.Policy, $"{path}.policy");
            var byok = ByokMode.First;
            if (config.Byok is not null && !ByokModes.TryParse(config.Byok, out byok))
            {
                errors.Add($"{path}.byok", $"unknown byok mode `{config.Byok}`; use one of: {ConfigErrorList.Names(ByokModes.Names)} (first: own keys before pooled ones; only: own keys alone; never: no preference)");
            }

            var tenantBudgets = ValidateBudgets(config.Budgets, $"{path}.budgets", config.Id ?? "");
            var limits = BuildLimits(config.Limits, $"{path}.limits");
            if (errors.Count == errorsBefore)
            {
                tenants[config.Id!] = new TenantDefinition(config.Id!, IsMissing(config.Name) ? config.Id! : config.Name, admin, policy!, byok, tenantBudgets, limits!)
                {
                    KeyBudgets = keyBudgets,
                };
            }
        }
    }

    private void ValidateAdminKeys(List<KeyConfig>? list)
    {
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var config = list![i] ?? new KeyConfig();
            var path = ConfigErrorList.Item("adminKeys", i + 1, config.Id);
            if (config.Budgets is { Count: > 0 })
            {
                errors.Add($"{path}.budgets", "an admin key sends no model requests, so it has no budget; remove `budgets` or give the key to a tenant");
            }

            ValidateKey(config, path, tenantId: null, admin: true);
        }
    }

    /// <summary>A key's id and its hash (given, or computed from the referenced key); adds it to <see cref="gatewayKeys"/>.</summary>
    private GatewayKey? ValidateKey(KeyConfig config, string path, string? tenantId, bool admin)
    {
        var errorsBefore = errors.Count;
        if (IsMissing(config.Id))
        {
            errors.Add(path, "id is required; name the key (who or what uses it), e.g. `id: ci-runner`");
        }
        else if (!IsIdentifier(config.Id))
        {
            errors.Add($"{path}.id", $"key id `{config.Id}` may hold only letters, digits, `.`, `_` and `-` (the ledger and metrics show it)");
        }
        else if (keyIds.TryGetValue(config.Id, out var other))
        {
            errors.Add($"{path}.id", $"key id `{config.Id}` is also used at {other}; key ids must be unique across tenants and adminKeys");
        }
        else
        {
            keyIds[config.Id] = path;
        }

        byte[]? hash = null;
        if (IsMissing(config.Hash) == IsMissing(config.Secret))
        {
            errors.Add(path, "give exactly one of `hash: sha256:HEX` (the line `keys new` prints) and `secret: env:NAME` / `file:PATH`");
        }
        else if (!IsMissing(config.Hash))
        {
            hash = ParseHash(config.Hash, $"{path}.hash");
        }
        else if (ResolveSecret(config.Secret!, $"{path}.secret") is { } secret)
        {
            hash = SHA256.HashData(Encoding.UTF8.GetBytes(secret.Reveal()));
        }

        if (hash is not null)
        {
            var hex = Convert.ToHexString(hash);
            if (keyHashes.TryGetValue(hex, out var first))
            {
                errors.Add(path, $"is the same key as {first}; a key must let in one caller, so remove one of them");
            }
            else
            {
                keyHashes[hex] = path;
            }
        }

        if (errors.Count > errorsBefore)
        {
            return null;
        }

        var key = new GatewayKey(config.Id!, hash!, tenantId, admin, config.Revoked ?? false);
        gatewayKeys.Add(key);
        return key;
    }

    private byte[]? ParseHash(string text, string path)
    {
        const string Fix = "write `sha256:` and the 64 hex digits `RoutingCluster.Gateway keys new` prints, or `keys hash` for an existing key";
        if (!text.StartsWith(HashPrefix, StringComparison.Ordinal))
        {
            errors.Add(path, $"`{Shorten(text)}` is not a key hash; {Fix}");
            return null;
        }

        var hex = text[HashPrefix.Length..];
        if (hex.Length != SHA256.HashSizeInBytes * 2 || !hex.All(char.IsAsciiHexDigit))
        {
            errors.Add(path, $"the hash has {hex.Length} characters, not 64 hex digits; {Fix}");
            return null;
        }

        return Convert.FromHexString(hex);
    }

    /// <summary>A value that may be a key pasted in by mistake is never echoed whole.</summary>
    private static string Shorten(string text) => text.Length <= 12 ? text : text[..8] + "...";

    private TenantPolicy? ValidatePolicy(TenantPolicyConfig? config, string path)
    {
        if (config is null)
        {
            return TenantPolicy.Unrestricted;
        }

        var errorsBefore = errors.Count;
        var roles = AllowList(config.Roles, $"{path}.roles", "role", declaredRoles, DeclaredRoleList);
        var modelIds = AllowList(config.Models, $"{path}.models", "model", declaredModels.Keys, DeclaredModelList);
        var providerIds = AllowList(config.Providers, $"{path}.providers", "provider", declaredProviders.Keys, DeclaredProviderList);
        var regionsInUse = providers.Values.Select(p => p.Region).ToHashSet(StringComparer.Ordinal);
        var regions = AllowList(config.Regions, $"{path}.regions", "region", regionsInUse,
            ConfigErrorList.Names(regionsInUse) + " (the regions of the declared providers)");
        HashSet<ProviderClass>? classes = null;
        if (config.Classes is not null)
        {
            classes = [];
            for (var i = 0; i < config.Classes.Count; i++)
            {
                if (ProviderClasses.TryParse(config.Classes[i], out var providerClass))
                {
                    classes.Add(providerClass);
                }
                else
                {
                    errors.Add($"{path}.classes[{i + 1}]", $"unknown provider class `{config.Classes[i]}`; use one of: {ConfigErrorList.Names(ProviderClasses.Names)}");
                }
            }

            EmptyAllowList(classes.Count == 0 && config.Classes.Count == 0, $"{path}.classes", "class");
        }

        return errors.Count == errorsBefore
            ? new TenantPolicy(roles, modelIds, providerIds, regions, classes, config.PreferLocal ?? false)
            : null;
    }

    private HashSet<string>? AllowList(List<string>? names, string path, string what, IEnumerable<string> known, string knownList)
    {
        if (names is null)
        {
            return null;
        }

        var knownSet = known as IReadOnlySet<string> ?? known.ToHashSet(StringComparer.Ordinal);
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (IsMissing(names[i]) || !knownSet.Contains(names[i]))
            {
                errors.Add($"{path}[{i + 1}]", $"{what} `{names[i]}` is not declared; declared: {knownList}");
            }
            else
            {
                set.Add(names[i]);
            }
        }

        EmptyAllowList(names.Count == 0, path, what);
        return set;
    }

    private void EmptyAllowList(bool empty, string path, string what)
    {
        if (empty)
        {
            errors.Add(path, $"an empty list allows no {what} at all, so every request would be refused; remove the line to allow any {what}");
        }
    }

    private List<BudgetDefinition> ValidateBudgets(List<BudgetConfig>? list, string path, string owner)
    {
        var budgets = new List<BudgetDefinition>();
        var periods = new HashSet<BudgetPeriod>();
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var config = list![i] ?? new BudgetConfig();
            var itemPath = $"{path}[{i + 1}]";
            var errorsBefore = errors.Count;
            var period = BudgetPeriod.Day;
            if (IsMissing(config.Period))
            {
                errors.Add($"{itemPath}.period", $"period is required; use one of: {ConfigErrorList.Names(BudgetPeriodNames)}");
            }
            else if (Array.IndexOf(BudgetPeriodNames, config.Period) is var index && index < 0)
            {
                errors.Add($"{itemPath}.period", $"unknown period `{config.Period}`; use one of: {ConfigErrorList.Names(BudgetPeriodNames)}");
            }
            else
            {
                period = (BudgetPeriod)index;
                if (!periods.Add(period))
                {
                    errors.Add($"{itemPath}.period", $"a second `{config.Period}` budget; merge them into one (usd and tokens may be set together)");
                }
            }

            if (config.Usd is null && config.Tokens is null)
            {
                errors.Add(itemPath, "a budget needs usd, tokens or both, e.g. `usd: 50`");
            }

            if (config.Usd is <= 0)
            {
                errors.Add($"{itemPath}.usd", $"usd must be positive, got {config.Usd?.ToString(CultureInfo.InvariantCulture)}; remove it for no dollar cap");
            }

            RequirePositive(config.Tokens, $"{itemPath}.tokens", "tokens");
            var warnAt = config.WarnAt ?? DefaultWarnAt;
            if (warnAt is <= 0 or > 1 || double.IsNaN(warnAt))
            {
                errors.Add($"{itemPath}.warnAt", $"warnAt is a fraction of the budget above 0 and at most 1, e.g. 0.8, got {warnAt.ToString(CultureInfo.InvariantCulture)}");
            }

            var zone = TimeZoneInfo.Utc;
            if (!IsMissing(config.TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(config.TimeZone, out zone))
            {
                errors.Add($"{itemPath}.timeZone", $"unknown time zone `{config.TimeZone}`; write an IANA id such as UTC, Europe/Berlin or America/New_York");
            }

            if (errors.Count == errorsBefore)
            {
                budgets.Add(new BudgetDefinition($"{owner}/{config.Period}", period, config.Usd, config.Tokens, warnAt, zone!));
            }
        }

        return budgets;
    }

    /// <summary>After credentials and tenants: an owner names a tenant, and <c>byok: only</c> has something to use.</summary>
    private void ValidateOwnership(List<CredentialConfig>? list)
    {
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var config = list![i];
            if (config?.Owner is { } owner && !declaredTenantIds.Contains(owner))
            {
                errors.Add($"{ConfigErrorList.Item("credentials", i + 1, config.Id)}.owner",
                    $"owner `{owner}` is not a declared tenant; declared tenants: {DeclaredTenantList}, or remove `owner` to pool the key");
            }
        }

        foreach (var owner in credentials.Select(c => c.Owner).OfType<string>().Distinct(StringComparer.Ordinal).ToList())
        {
            if (tenants.TryGetValue(owner, out var tenant))
            {
                tenants[owner] = tenant with { OwnsCredentials = true };
            }
        }

        foreach (var tenant in tenants.Values.Where(t => t.Byok == ByokMode.Only))
        {
            if (!tenant.OwnsCredentials)
            {
                errors.Add($"{tenantPaths[tenant.Id]}.byok", $"byok is `only` but no credential has `owner: {tenant.Id}`, so every request would be refused; add one or use `first`");
            }
        }
    }

    private static bool IsIdentifier(string id) => id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
