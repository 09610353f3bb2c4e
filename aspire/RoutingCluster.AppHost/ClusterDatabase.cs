using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RoutingCluster.AppHost;

/// <summary>
/// The PostgreSQL database every node joins (Orleans membership, grain state, the ledger). Each node gets its
/// connection string in <see cref="EnvironmentVariable"/> (and <c>--postgres env:RC_POSTGRES</c>), so the
/// string never shows on a command line; the gateway creates its schema itself at start.
/// </summary>
public sealed class ClusterDatabase
{
    public const string EnvironmentVariable = "RC_POSTGRES";

    public const string ResourceName = "postgres";

    private readonly Action<IResourceBuilder<ProjectResource>> _attach;

    private ClusterDatabase(string description, Action<IResourceBuilder<ProjectResource>> attach)
    {
        Description = description;
        _attach = attach;
    }

    /// <summary>One line for the start banner.</summary>
    public string Description { get; }

    /// <summary>Gives <paramref name="node"/> the connection string and, when the AppHost runs the server, makes it wait until the server answers.</summary>
    public void Attach(IResourceBuilder<ProjectResource> node) => _attach(node);

    public static ClusterDatabase Add(IDistributedApplicationBuilder builder, AppHostSettings settings, RunDirectory run) => settings.Postgres switch
    {
        PostgresMode.Container => AddContainer(builder),
        PostgresMode.Local => AddLocal(builder, run),
        PostgresMode.External => AddExternal(builder, settings.PostgresConnectionString!),
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Postgres, "unknown PostgreSQL mode"),
    };

    private static ClusterDatabase AddContainer(IDistributedApplicationBuilder builder)
    {
        var database = builder.AddPostgres(ResourceName).AddDatabase("routing");
        return new ClusterDatabase("a PostgreSQL container (database routing)",
            node => node.WithEnvironment(EnvironmentVariable, database).WaitFor(database));
    }

    /// <summary>
    /// The Debian server binaries, run by <c>aspire/postgres-local.sh</c> on 127.0.0.1 with a fresh data directory
    /// in the run directory. The orchestrator picks the port and hands it over in <c>PGPORT</c>; nodes connect to
    /// it directly (no proxy in between).
    /// </summary>
    private static ClusterDatabase AddLocal(IDistributedApplicationBuilder builder, RunDirectory run)
    {
        var script = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "postgres-local.sh"));
        var server = builder.AddExecutable(ResourceName, "bash", run.Path, script, run.File("pgdata"))
            .WithEndpoint(scheme: "tcp", name: "tcp", env: "PGPORT", isProxied: false);
        var port = server.GetEndpoint("tcp").Property(EndpointProperty.Port);
        var connectionString = ReferenceExpression.Create($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");

        const string healthCheck = "postgres-answers";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new PostgresHealthCheck(connectionString), failureStatus: null, tags: null));
        server.WithHealthCheck(healthCheck);
        return new ClusterDatabase("the local PostgreSQL server binaries on 127.0.0.1 (throwaway data directory)",
            node => node.WithEnvironment(EnvironmentVariable, connectionString).WaitFor(server));
    }

    private static ClusterDatabase AddExternal(IDistributedApplicationBuilder builder, string connectionString)
    {
        var parameter = builder.AddParameter("postgres-connection", connectionString, secret: true);
        return new ClusterDatabase("the PostgreSQL server of the given connection string",
            node => node.WithEnvironment(EnvironmentVariable, parameter));
    }
}
