using RoutingCluster.Gateway.Auth;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Credentials;
using RoutingCluster.Gateway.Hosting;
using RoutingCluster.Gateway.Stats;

return args switch
{
    ["check", .. var rest] => CheckCommand.Run(rest, Console.Out, Console.Error),
    ["keys", .. var rest] => KeysCommand.Run(rest, Console.In, Console.Out, Console.Error),
    ["stats", .. var rest] => await StatsCommand.RunAsync(rest, Console.Out, Console.Error),
    ["reset-credential", .. var rest] => await ResetCredentialCommand.RunAsync(rest, Console.Out, Console.Error),
    _ => await GatewayApp.RunAsync(args),
};
