using RoutingCluster.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
var settings = AppHostSettings.Read(builder.Configuration, ContainerRuntime.Detect);
var run = RunDirectory.Create(builder);

var database = ClusterDatabase.Add(builder, settings, run);
var configFile = GatewayConfigFile.Resolve(builder.AppHostDirectory, settings, run);
var nodes = GatewayCluster.Add(builder, settings, database, configFile);
if (settings.Prometheus is { } prometheus)
{
    PrometheusServer.Add(builder, prometheus, run, nodes);
}

Console.WriteLine($"RoutingCluster AppHost: {settings.Nodes} gateway node(s) on {database.Description}; config {configFile}; "
    + (settings.Prometheus is null ? "no Prometheus (not installed, or --prometheus off)" : $"Prometheus {settings.Prometheus}") + $"; scratch {run.Path}");
builder.Build().Run();
