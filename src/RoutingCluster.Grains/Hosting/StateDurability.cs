namespace RoutingCluster.Grains.Hosting;

/// <summary>
/// Whether grain state outlives the silo (PostgreSQL) or dies with it (memory, embedded). A grain
/// deactivated because its silo stops writes its final checkpoint only when that write can be read
/// again: in memory the storage is going away too, and the write would only fail.
/// </summary>
/// <param name="OutlivesSilo">True when grain state is stored in PostgreSQL.</param>
public sealed record StateDurability(bool OutlivesSilo)
{
    /// <summary>Whether a deactivation for <paramref name="reason"/> should write the final checkpoint.</summary>
    public bool KeepsFinalWrite(DeactivationReason reason) =>
        OutlivesSilo || reason.ReasonCode != DeactivationReasonCode.ShuttingDown;
}
