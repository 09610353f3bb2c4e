
namespace RoutingCluster.Grains.Fleet;

/// <summary>How a lease names the node holding it: its silo address, which says when the cluster declared it dead.</summary>
public static class SiloNames
{
    public static string Of(SiloAddress silo) => silo.ToParsableString();

    public static bool IsDead(ClusterMembershipSnapshot snapshot, string node)
    {
        SiloAddress silo;
        try
        {
            silo = SiloAddress.FromParsableString(node);
        }
        catch (FormatException)
        {
            return false;
        }

        return snapshot.GetSiloStatus(silo) == SiloStatus.Dead;
    }
}
