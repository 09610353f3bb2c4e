using System.Text.Json;

namespace RoutingCluster.AppHost;

/// <summary>
/// Prometheus (the Debian <c>prometheus</c> binary) scraping every node's <c>/metrics</c>. The scrape config is
/// <c>aspire/prometheus.yml</c>, copied into the run directory; next to it the AppHost writes
/// <c>gateway-targets.json</c> (file-based discovery) with every node's address once the orchestrator has
/// assigned them. It listens on 127.0.0.1 on a port the orchestrator picks.
/// </summary>
public static class PrometheusServer
{
    public const string ResourceName = "prometheus";

    public const string TargetsFile = "gateway-targets.json";

    public static IResourceBuilder<ExecutableResource> Add(
        IDistributedApplicationBuilder builder, string binary, RunDirectory run, IReadOnlyList<IResourceBuilder<ProjectResource>> nodes)
    {
        var directory = run.Directory(ResourceName);
        var config = Path.Combine(directory, "prometheus.yml");
        File.Copy(Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "prometheus.yml")), config, overwrite: true);

        var server = builder.AddExecutable(ResourceName, binary, directory)
            .WithHttpEndpoint(name: "http");
        var port = server.GetEndpoint("http").Property(EndpointProperty.TargetPort);
        server.WithArgs(async context =>
            {
                await WriteTargetsAsync(Path.Combine(directory, TargetsFile), nodes, context.CancellationToken);
                context.Args.Add($"--config.file={config}");
                context.Args.Add($"--storage.tsdb.path={Path.Combine(directory, "data")}");
                context.Args.Add(ReferenceExpression.Create($"--web.listen-address=127.0.0.1:{port}"));
            })
            .WithHttpHealthCheck("/-/ready");
        foreach (var node in nodes)
        {
            // Its targets are written when it starts, so it starts after every node has its address.
            server.WaitForStart(node);
        }

        return server;
    }

    private static async Task WriteTargetsAsync(string file, IReadOnlyList<IResourceBuilder<ProjectResource>> nodes, CancellationToken cancellationToken)
    {
        var groups = new List<object>();
        foreach (var node in nodes)
        {
            var address = await node.GetEndpoint(GatewayCluster.EndpointName).Property(EndpointProperty.HostAndPort).GetValueAsync(cancellationToken);
            groups.Add(new { targets = new[] { address }, labels = new Dictionary<string, string> { ["node"] = node.Resource.Name } });
        }

        // Written whole then renamed: Prometheus rereads the file when it changes and must never see half of it.
        var temporary = file + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(groups), cancellationToken);
        File.Move(temporary, file, overwrite: true);
    }
}
