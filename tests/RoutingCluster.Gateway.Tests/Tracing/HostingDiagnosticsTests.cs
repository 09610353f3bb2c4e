using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoutingCluster.Gateway.Hosting;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Tracing;

/// <summary>ASP.NET Core's per-request hosting activity is off unless traces are exported or the configuration asks for it.</summary>
public sealed class HostingDiagnosticsTests
{
    private const string Category = "Microsoft.AspNetCore.Hosting.Diagnostics";

    private static bool HostingLoggerEnabled(params string[] args)
    {
        // No --config: the built-in demo, which needs nothing from outside.
        using var app = GatewayApp.Build(["--urls", "http://127.0.0.1:0", .. args]);
        return app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category).IsEnabled(LogLevel.Critical);
    }

    [Fact]
    public void Build_TracesNotExported_HostingDiagnosticsOff() => Assert.False(HostingLoggerEnabled());

    [Fact]
    public void Build_ConfigurationNamesTheCategory_ConfigurationWins() =>
        Assert.True(HostingLoggerEnabled($"--{GatewayApp.HostingDiagnosticsLevelKey}=Information"));

    [Fact]
    public void Build_TracesExported_HostingDiagnosticsLeftAsConfigured() =>
        Assert.True(HostingLoggerEnabled("--OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317"));
}
