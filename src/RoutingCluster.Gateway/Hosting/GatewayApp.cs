using Microsoft.Extensions.Configuration.Memory;
using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.ServiceDefaults;
using RoutingCluster.Gateway.Metrics;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>Builds the gateway web application from command-line arguments.</summary>
public static class GatewayApp
{
    /// <summary>Where the gateway listens when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8787";

    /// <summary>Runs the gateway until it is stopped.</summary>
    /// <returns>The exit code: 0, or 1 when the first config was rejected (every error is written to stderr).</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var app = Build(args);
            await app.RunAsync();
            return 0;
        }
        catch (ConfigRejectedException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
    }

    /// <exception cref="ConfigRejectedException">The first config has errors (every one is in the message).</exception>
    public static WebApplication Build(string[] args, GatewayHostOptions? options = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        AddLowestPriorityDefaults(builder);
        var urls = builder.Configuration["urls"] is { Length: > 0 } given ? given : DefaultUrl;
        builder.WebHost.UseUrls(urls);

        // The front doors enforce server.maxRequestBodyBytes themselves (it can change on reload).
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            RequestHeadLimits.ConfigureKestrel(kestrel.Limits);
            // Header bytes outside ASCII would otherwise get a bare 400 from Kestrel before any of the
            // gateway's code runs; read as Latin-1 they reach it, so a key holding them gets the 401
            // of an unknown key in the caller's format (the only headers passed upstream are checked).
            kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
        });
        // A bad first config stops here, every error listed, before anything starts or listens.
        var secrets = options?.Secrets ?? new EnvironmentSecretResolver();
        var startup = StartupConfig.Load(builder.Configuration, new GatewayConfigLoader(secrets, RegisteredNames.BuiltIn), secrets);
        builder.Services.AddSingleton(startup);
        MetricsExposure.Listen(builder, startup, urls);
        builder.Services.AddTelemetryDefaults(builder.Configuration, MetricsEndpoint.Telemetry);
        builder.Services.AddRoutingCluster((options ?? new GatewayHostOptions()) with { Secrets = secrets });
        builder.AddClusterEngine(startup);

        var app = builder.Build();
        app.UseGatewayErrors();
        MetricsExposure.UseMetricsPortOnly(app, startup.Definition.Server.MetricsPort);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRoutingCluster(startup.Definition.Server.MetricsPort);
        return app;
    }

    /// <summary>
    /// Defaults that hold wherever the process starts, under every other configuration source (file,
    /// environment, command line: any of them that names a key still wins).
    /// <para>
    /// ASP.NET Core's own categories log several lines per request at Information; they default to
    /// Warning here rather than in an appsettings.json, which is read from the content root (the
    /// working directory) and so would be missed by a gateway started as
    /// <c>dotnet /app/RoutingCluster.Gateway.dll</c> from anywhere else: every request would write
    /// several more log lines, and spend the CPU to format and write them.
    /// </para>
    /// <para>
    /// ASP.NET Core also starts an <see cref="System.Diagnostics.Activity"/> for every request as soon
    /// as its <c>Microsoft.AspNetCore.Hosting.Diagnostics</c> logger is enabled at any level, only so
    /// that log scopes can carry a trace id; the gateway's logs use no scopes. Unless traces are
    /// exported (then the request activity joins the client's trace through that activity), that
    /// category defaults to off: one activity fewer per request, and one more per upstream call that
    /// the HTTP client would start under it.
    /// </para>
    /// </summary>
    private static void AddLowestPriorityDefaults(WebApplicationBuilder builder)
    {
        // Quiet defaults under everything the operator sets (appsettings, environment, command line):
        // Orleans logs ~190 lines at start otherwise; its placement runs through Polly, which logs every
        // attempt; and at start the silo's watchdog measures from an unset time and warns of a stall
        // that never was.
        List<KeyValuePair<string, string?>> defaults =
        [
            new(AspNetCoreLevelKey, nameof(LogLevel.Warning)),
            new("Logging:LogLevel:Orleans", nameof(LogLevel.Warning)),
            new("Logging:LogLevel:Microsoft.Orleans", nameof(LogLevel.Warning)),
            new("Logging:LogLevel:Polly", nameof(LogLevel.Warning)),
            new("Logging:LogLevel:Orleans.Runtime.Watchdog", nameof(LogLevel.Error)),
        ];
        if (!TelemetryDefaults.ExportsOtlp(builder.Configuration))
        {
            defaults.Add(new(HostingDiagnosticsLevelKey, nameof(LogLevel.None)));
        }

        IConfigurationBuilder configuration = builder.Configuration;
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
    }

    internal const string AspNetCoreLevelKey = "Logging:LogLevel:Microsoft.AspNetCore";

    internal const string HostingDiagnosticsLevelKey = "Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics";
}
