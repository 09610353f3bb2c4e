using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Tracing;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>Builds the gateway web application from command-line arguments.</summary>
public static class GatewayApp
{
    /// <summary>Where the gateway listens when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8787";

    /// <exception cref="ConfigRejectedException">The first config has errors (every one is in the message).</exception>
    public static WebApplication Build(string[] args, GatewayHostOptions? options = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var time = options?.TimeProvider ?? TimeProvider.System;
        var secrets = options?.Secrets ?? new EnvironmentSecretResolver();
        var (model, source, path, text) = StartupConfig.Load(builder.Configuration, secrets);
        var urls = builder.Configuration["urls"];
        if (string.IsNullOrEmpty(urls))
        {
            urls = DefaultUrl;
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // The front doors enforce server.maxRequestBodyBytes themselves (it can change on reload).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Services.AddGatewayTracing(builder.Configuration);
        builder.Services.AddRoutingCluster(model, source, path is null ? null : (path, text), time, secrets, $"{Environment.MachineName} {urls}");

        var app = builder.Build();
        app.UseGatewayErrors();
        app.MapRoutingCluster();
        return app;
    }
}
