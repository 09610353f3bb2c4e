namespace RoutingCluster.Storage.Postgres.Entities;

/// <summary>An item a <see cref="CoalescingQueue{TItem}"/> hands to its flush; failed together when the flush throws.</summary>
internal interface ICoalescedItem
{
    void Fail(Exception exception);
}
