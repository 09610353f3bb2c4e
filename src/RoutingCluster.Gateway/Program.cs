using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Hosting;

if (args is ["check", .. var rest])
{
    return CheckCommand.Run(rest, Console.Out, Console.Error);
}

if (args is ["stats", .. var statsArgs]) return await RoutingCluster.Gateway.Stats.StatsCommand.RunAsync(statsArgs, Console.Out, Console.Error);

try
{
    var app = GatewayApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (ConfigRejectedException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 1;
}
