using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Configuration;

namespace RoutingCluster.Gateway.FrontDoors.OpenAi;

/// <summary><c>GET /v1/models</c>: every name a client may put in <c>model</c> — roles, aliases and model ids.</summary>
public static class ModelsEndpoint
{
    public static async Task HandleAsync(HttpContext context, ActiveConfig active)
    {
        var list = List(active.Current);
        if (context.Request.Headers.ContainsKey("anthropic-version"))
        {
            // Anthropic's SDKs list models in their own shape.
            var data = list.Data.Select(m => new AnthropicModelEntry("model", m.Id, $"{m.Id} ({m.Kind})", "1970-01-01T00:00:00Z")).ToList();
            await context.Response.WriteAsJsonAsync(new AnthropicModelList(data, false, data.FirstOrDefault()?.Id, data.LastOrDefault()?.Id), OpenAiJsonContext.Relaxed.AnthropicModelList);
            return;
        }

        await context.Response.WriteAsJsonAsync(list, OpenAiJsonContext.Relaxed.ModelList);
    }

    public static ModelList List(GatewayDefinition config)
    {
        var entries = new List<ModelEntry>();
        entries.AddRange(config.Roles.Keys.Order(StringComparer.Ordinal).Select(r => new ModelEntry(r, "model", 0, "routing-cluster", "role", null)));
        entries.AddRange(config.Aliases.Values.OrderBy(a => a.Name, StringComparer.Ordinal)
            .Select(a => new ModelEntry(a.Name, "model", 0, "routing-cluster", "alias", a.Target)));
        entries.AddRange(config.Models.Values.OrderBy(m => m.Id, StringComparer.Ordinal)
            .Select(m => new ModelEntry(m.Id, "model", 0, m.ProviderId, "model", null)));
        return new ModelList("list", entries);
    }
}
