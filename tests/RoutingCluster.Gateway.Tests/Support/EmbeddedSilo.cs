using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Hosting;
using RoutingCluster.Grains.Credentials;
using RoutingCluster.Grains.Hosting;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>
/// A real embedded silo (one in-process Orleans silo on a free loopback port, memory grain state)
/// with the gateway's fleet services, for tests of the forwarding path without Kestrel. Counts
/// the settle calls each credential grain received, through a grain call filter.
/// </summary>
internal sealed class EmbeddedSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedSilo(IHost host, SettleCounter settles)
    {
        _host = host;
        Settles = settles;
    }

    public IServiceProvider Services => _host.Services;

    public SettleCounter Settles { get; }

    public static async Task<EmbeddedSilo> StartAsync(TimeProvider time, Action<IServiceCollection> configure)
    {
        var settles = new SettleCounter();
        var settings = new SiloSettings("test-node", ClusterDefinition.DefaultId, ClusterDefinition.DefaultId, null,
            SiloSettingsFactory.FreePort(IPAddress.Loopback), IPAddress.Loopback, IPAddress.Loopback, TimeSpan.FromSeconds(1), 2);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(settings);
        builder.UseOrleans(silo => silo.UseRoutingClusterSilo(settings).AddIncomingGrainCallFilter(settles));
        builder.Services.AddFleet();
        configure(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new EmbeddedSilo(host, settles);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    /// <summary>Counts <see cref="ICredentialGrain.Settle"/> calls per credential.</summary>
    internal sealed class SettleCounter : IIncomingGrainCallFilter
    {
        private readonly ConcurrentDictionary<string, int> _settles = new(StringComparer.Ordinal);

        public int Of(string credentialId) => _settles.GetValueOrDefault(credentialId);

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.Grain is ICredentialGrain && context.InterfaceMethod.Name == nameof(ICredentialGrain.Settle))
            {
                _settles.AddOrUpdate(context.TargetId.Key.ToString()!, 1, (_, n) => n + 1);
            }

            return context.Invoke();
        }
    }
}
