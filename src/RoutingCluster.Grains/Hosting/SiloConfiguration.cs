using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using RoutingCluster.Grains.Plans;
using RoutingCluster.Storage.Postgres.Orleans;

namespace RoutingCluster.Grains.Hosting;

/// <summary>
/// The silo every gateway node co-hosts. Embedded: localhost clustering and memory grain storage.
/// Clustered: membership and grain state in PostgreSQL through Orleans' ADO.NET providers (the
/// schema is the gateway's own migration). Either way the silo takes no client connections (every
/// node is a silo: there are no outside Orleans clients), stores state with Orleans' version-tolerant
/// serializer, and detects a dead node in seconds (see <see cref="Membership"/>).
/// </summary>
public static class SiloConfiguration
{
    public static ISiloBuilder UseRoutingClusterSilo(this ISiloBuilder silo, SiloSettings settings)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        silo.Configure<SiloOptions>(o => o.SiloName = settings.NodeName);
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = settings.AdvertisedAddress;
            o.SiloPort = settings.SiloPort;
            o.GatewayPort = 0;
            o.SiloListeningEndpoint = new IPEndPoint(settings.ListenAddress, settings.SiloPort);
        });
        silo.Configure<ClusterMembershipOptions>(o => Membership(o, settings));

        // Orleans' own clocks (grain timers, membership, probes) are keyed; the unkeyed TimeProvider is the
        // gateway's clock, which grains read to decide. Orleans always keeps real time, even when a
        // test drives the gateway's clock by hand.
        silo.Services.AddKeyedSingleton<TimeProvider>(KeyedService.AnyKey, (_, _) => TimeProvider.System);

        if (settings.PostgresConnection is { } connection)
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = OrleansAdoNet.Invariant;
                o.ConnectionString = connection;
            });
        }
        else
        {
            silo.UseDevelopmentClustering(o => o.PrimarySiloEndpoint = new IPEndPoint(settings.AdvertisedAddress, settings.SiloPort));
        }

        return silo.AddRoutingClusterGrainStorage(settings.PostgresConnection);
    }

    /// <summary>
    /// The grain storage every grain persists to: PostgreSQL through Orleans' ADO.NET provider when
    /// <paramref name="postgresConnection"/> is set, else memory; either way with Orleans'
    /// version-tolerant serializer.
    /// </summary>
    public static ISiloBuilder AddRoutingClusterGrainStorage(this ISiloBuilder silo, string? postgresConnection)
    {
        silo.Services.AddSingleton(new StateDurability(postgresConnection is not null));
        silo.Services.TryAddSingleton<IPlanProbes, NoPlanProbes>();
        if (postgresConnection is not null)
        {
            silo.AddAdoNetGrainStorage(GrainStorage.Name, o =>
            {
                o.Invariant = OrleansAdoNet.Invariant;
                o.ConnectionString = postgresConnection;
            });
        }
        else
        {
            silo.AddMemoryGrainStorage(GrainStorage.Name);
        }

        silo.Services.AddOptions<AdoNetGrainStorageOptions>(GrainStorage.Name).Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        silo.Services.AddOptions<MemoryGrainStorageOptions>(GrainStorage.Name).Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        return silo;
    }

    /// <summary>
    /// Failure detection tightened from Orleans' defaults (5 s probes, 3 misses, 60 s table refresh):
    /// a node that stops answering is suspected after <c>MissedProbesLimit</c> probes of
    /// <c>ProbeTimeout</c> each and declared dead once two nodes agree (or the only other one, in a
    /// two-node cluster), in seconds; every node rereads the table every 5 s besides the gossip.
    /// </summary>
    private static void Membership(ClusterMembershipOptions options, SiloSettings settings)
    {
        options.ProbeTimeout = settings.ProbeTimeout;
        options.NumMissedProbesLimit = settings.MissedProbesLimit;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        options.DefunctSiloExpiration = TimeSpan.FromHours(1);
        options.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(10);
    }
}
