using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoutingCluster.Gateway.Hosting;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Hosting;

/// <summary>
/// ASP.NET Core's per-request log lines stay at Warning wherever the gateway starts, even when an
/// appsettings.json sits in neither the working directory nor the content root, and any
/// configuration can still raise them.
/// </summary>
public sealed class LogLevelDefaultsTests : IDisposable
{
    private const string EndpointCategory = "Microsoft.AspNetCore.Routing.EndpointMiddleware";

    // A content root without appsettings.json, as when the gateway is started from another directory.
    private readonly DirectoryInfo _emptyContentRoot = Directory.CreateTempSubdirectory("routing-cluster-content-root-");

    public void Dispose() => _emptyContentRoot.Delete(recursive: true);

    private (bool Information, bool Warning) EndpointLoggerEnabled(params string[] args)
    {
        // No --config: the built-in demo, which needs nothing from outside.
        using var app = GatewayApp.Build(["--urls", "http://127.0.0.1:0", "--contentRoot", _emptyContentRoot.FullName, .. args]);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(EndpointCategory);
        return (logger.IsEnabled(LogLevel.Information), logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public void Build_NoAppSettingsInContentRoot_AspNetCoreAtWarning() =>
        Assert.Equal((false, true), EndpointLoggerEnabled());

    [Fact]
    public void Build_ConfigurationNamesAspNetCoreLevel_ConfigurationWins() =>
        Assert.Equal((true, true), EndpointLoggerEnabled($"--{GatewayApp.AspNetCoreLevelKey}=Information"));
}
