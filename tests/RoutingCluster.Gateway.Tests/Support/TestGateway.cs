using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;
using OpenAI;
using OpenAI.Chat;
using Microsoft.Extensions.DependencyInjection;
using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Hosting;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>
/// The real gateway application on a free loopback port, loaded from a YAML config file written
/// for the test, on a <see cref="FakeTimeProvider"/> so cooldowns and timeouts move only when the
/// test advances the clock.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private TestGateway(WebApplication app, string directory, string configPath, TimeProvider clock)
    {
        _app = app;
        _directory = directory;
        ConfigPath = configPath;
        Clock = clock;
        BaseUrl = app.Urls.First().TrimEnd('/');
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string BaseUrl { get; }

    public string ConfigPath { get; }

    public TimeProvider Clock { get; }

    /// <summary>The fake clock (for gateways started without a real clock).</summary>
    public FakeTimeProvider Time => (FakeTimeProvider)Clock;

    /// <summary>A plain client for raw HTTP checks (no gateway key set).</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="time">The gateway's clock; a new <see cref="FakeTimeProvider"/> when null.</param>
    /// <param name="extraArgs">More command-line arguments, e.g. <c>--node-id n1</c>.</param>
    public static async Task<TestGateway> StartAsync(string yaml, TimeProvider? time = null, params string[] extraArgs)
    {
        var directory = Directory.CreateTempSubdirectory("routing-cluster-test-").FullName;
        var configPath = Path.Combine(directory, "gateway.yaml");
        await File.WriteAllTextAsync(configPath, yaml);
        time ??= new FakeTimeProvider();
        string[] args = ["--config", configPath, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. extraArgs];
        var app = GatewayApp.Build(args, new GatewayHostOptions { TimeProvider = time });
        try
        {
            await app.StartAsync();
        }
        catch (ArgumentException e) when (e.StackTrace?.Contains("Metrics.ListenerSubscription", StringComparison.Ordinal) == true)
        {
            // The runtime's metrics subscription (Microsoft.Extensions.Diagnostics 10.0) can be handed
            // one instrument twice when another host in the same process publishes instruments while
            // this one starts its listener, and then throws at start. Only a test process runs several
            // hosts at once; a gateway process has one. Started again, once.
            await app.DisposeAsync();
            app = GatewayApp.Build(args, new GatewayHostOptions { TimeProvider = time });
            await app.StartAsync();
        }

        return new TestGateway(app, directory, configPath, time);
    }

    /// <summary>Puts a new config in force, as a reload of the file does (it must be valid).</summary>
    public void Reload(string yaml)
    {
        var loaded = ConfigLoader.Load(yaml, "reloaded.yaml", new EnvironmentSecretResolver(), RegisteredNames.BuiltIn);
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        Services.GetRequiredService<ActiveConfig>().Swap(loaded.Definition!);
    }

    /// <summary>An official OpenAI SDK client pointed at the gateway, with the SDK's own retries off.</summary>
    public ChatClient OpenAiChat(string model, string gatewayKey = "unused") =>
        new(model, new ApiKeyCredential(gatewayKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(BaseUrl + "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(30),
        });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
