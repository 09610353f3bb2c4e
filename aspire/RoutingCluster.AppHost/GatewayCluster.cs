namespace RoutingCluster.AppHost;

/// <summary>
/// N gateway nodes (<c>gw-1</c>..<c>gw-N</c>), one project resource each, forming one Orleans cluster on the
/// cluster database: each its own <c>--node-id</c>, a free silo port (<c>--silo-port 0</c>) advertised on
/// 127.0.0.1, and an http endpoint the orchestrator assigns (it reaches the node as <c>ASPNETCORE_URLS</c>).
/// Explicit resources rather than replicas of one, because every node needs its own id, and a client
/// (or Prometheus) must be able to reach one node in particular.
/// </summary>
public static class GatewayCluster
{
    public const string EndpointName = "http";

    /// <summary>The gateway's readiness: its silo has joined the cluster, a config is in force and PostgreSQL answers.
    /// A node is healthy (and what waits for it starts) only then.</summary>
    public const string ReadinessPath = "/health/ready";

    public static IReadOnlyList<IResourceBuilder<ProjectResource>> Add(
        IDistributedApplicationBuilder builder, AppHostSettings settings, ClusterDatabase database, string configFile) =>
        [.. settings.NodeNames.Select(name => AddNode(builder, name, settings, database, configFile))];

    private static IResourceBuilder<ProjectResource> AddNode(
        IDistributedApplicationBuilder builder, string name, AppHostSettings settings, ClusterDatabase database, string configFile)
    {
        var node = builder.AddProject<Projects.RoutingCluster_Gateway>(name, options => options.ExcludeLaunchProfile = true)
            .WithHttpEndpoint(name: EndpointName)
            .WithArgs(
                "--config", configFile,
                "--postgres", $"env:{ClusterDatabase.EnvironmentVariable}",
                "--node-id", name,
                "--cluster-id", settings.ClusterId,
                "--silo-port", "0",
                "--advertise", "127.0.0.1")
            .WithHttpHealthCheck(ReadinessPath, endpointName: EndpointName);
        database.Attach(node);
        return node;
    }
}
