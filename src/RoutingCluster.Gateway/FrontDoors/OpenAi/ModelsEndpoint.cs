using System.Security.Claims;
using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Routing;
using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.FrontDoors.OpenAi;

/// <summary>
/// <c>GET /v1/models</c>: every name the caller may put in <c>model</c> — roles, aliases and model ids —
/// leaving out what its tenant's policy refuses or leaves no candidate for. An admin key sees them all.
/// </summary>
public static class ModelsEndpoint
{
    public static async Task HandleAsync(HttpContext context, ActiveConfig active)
    {
        var config = active.Current;
        var tenantId = context.User.FindFirstValue(GatewayPrincipal.TenantClaim);
        var tenant = tenantId is not null && config.Tenants.TryGetValue(tenantId, out var found) ? found : TenantDefinition.Anonymous;
        var list = List(config, tenant);
        if (context.Request.Headers.ContainsKey("anthropic-version"))
        {
            // Anthropic's SDKs list models in their own shape.
            var data = list.Data.Select(m => new AnthropicModelEntry("model", m.Id, $"{m.Id} ({m.Kind})", "1970-01-01T00:00:00Z")).ToList();
            await context.Response.WriteAsJsonAsync(new AnthropicModelList(data, false, data.FirstOrDefault()?.Id, data.LastOrDefault()?.Id), OpenAiJsonContext.Relaxed.AnthropicModelList);
            return;
        }

        await context.Response.WriteAsJsonAsync(list, OpenAiJsonContext.Relaxed.ModelList);
    }

    public static ModelList List(GatewayDefinition config, TenantDefinition tenant)
    {
        var entries = new List<ModelEntry>();
        entries.AddRange(config.Roles.Values.Where(r => OffersRole(config, tenant, r)).OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new ModelEntry(r.Name, "model", 0, "routing-cluster", "role", null)));
        entries.AddRange(config.Aliases.Values.Where(a => OffersAlias(config, tenant, a)).OrderBy(a => a.Name, StringComparer.Ordinal)
            .Select(a => new ModelEntry(a.Name, "model", 0, "routing-cluster", "alias", a.Target)));
        entries.AddRange(config.Models.Values.Where(m => OffersModel(config, tenant, m)).OrderBy(m => m.Id, StringComparer.Ordinal)
            .Select(m => new ModelEntry(m.Id, "model", 0, m.ProviderId, "model", null)));
        return new ModelList("list", entries);
    }

    private static bool OffersRole(GatewayDefinition config, TenantDefinition tenant, RoleDefinition role) =>
        TenantRouting.RefuseTarget(tenant, new RouteTarget(role.Name, role.Chain, "role")) is null
        && role.Chain.Any(step => step.ModelIds.Any(id => TenantRouting.MayUse(config, tenant, config.Models[id])));

    private static bool OffersModel(GatewayDefinition config, TenantDefinition tenant, ModelDefinition model) =>
        TenantRouting.RefuseTarget(tenant, RouteTarget.ForModel(model.Id, "model")) is null
        && TenantRouting.MayUse(config, tenant, model);

    private static bool OffersAlias(GatewayDefinition config, TenantDefinition tenant, AliasDefinition alias) =>
        alias.Kind == AliasTargetKind.Role
            ? OffersRole(config, tenant, config.Roles[alias.Target])
            : OffersModel(config, tenant, config.Models[alias.Target]);
}
