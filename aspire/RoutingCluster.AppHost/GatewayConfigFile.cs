using System.Globalization;

namespace RoutingCluster.AppHost;

/// <summary>
/// The config file every node loads (<c>--config</c>): <c>--gateway-config PATH</c> when given; with
/// <c>--upstream URL</c>, a config written into the run directory that sends every role to that one
/// OpenAI-compatible upstream; otherwise <c>aspire/gateway.yaml</c> (simulated providers: nothing leaves the
/// machine). Nodes watch the file, so edits reach the running cluster.
/// </summary>
public static class GatewayConfigFile
{
    /// <summary>The provider id of the <c>--upstream</c> config (it shows in <c>x-routing-provider</c>).</summary>
    public const string UpstreamProvider = "upstream";

    public static string Resolve(string appHostDirectory, AppHostSettings settings, RunDirectory run)
    {
        if (settings.GatewayConfig is not null && settings.Upstream is not null)
        {
            throw new ArgumentException("--gateway-config and --upstream exclude each other: point the providers of your config at the upstream instead.");
        }

        if (settings.GatewayConfig is { } path)
        {
            return path;
        }

        if (settings.Upstream is { } upstream)
        {
            var file = run.File("gateway-upstream.yaml");
            File.WriteAllText(file, ForUpstream(upstream));
            return file;
        }

        return Path.GetFullPath(Path.Combine(appHostDirectory, "..", "gateway.yaml"));
    }

    /// <summary>One local openai-chat provider (no key: a local provider gets an implicit credential) behind every role.</summary>
    public static string ForUpstream(Uri upstream) => string.Create(CultureInfo.InvariantCulture, $$"""
        # Written by the RoutingCluster AppHost for --upstream: every role goes to one OpenAI-compatible
        # upstream on this machine.
        providers:
          - { id: {{UpstreamProvider}}, protocol: openai-chat, baseUrl: "{{upstream.AbsoluteUri.TrimEnd('/')}}", class: local, region: local }
        models:
          - { id: upstream-model, provider: {{UpstreamProvider}}, upstreamModel: upstream-model, contextWindow: 128000, maxOutput: 8192, capabilities: [tools] }
        roles:
          default:
            chain:
              - { model: upstream-model }
        routing:
          defaultRole: default
        store: { kind: memory }

        """);
}
