namespace RoutingCluster.Grains.Fleet;

/// <summary>
/// The nodes watching one grain. A subscription lasts <see cref="Life"/> unless renewed: nodes renew
/// on every refresh, so a dead node's subscription lapses by itself, and a subscription lost when
/// the grain moved to another silo is back at the node's next refresh. Lapses count on the
/// machine's monotonic clock, like the refreshes that renew them and Orleans' own liveness: they
/// are about nodes being alive, not about the windows and cooldowns the grain decides on.
/// </summary>
internal sealed class FleetSubscribers
{
    /// <summary>Subscriptions live three refreshes of the default interval.</summary>
    public static readonly TimeSpan Life = TimeSpan.FromSeconds(15);

    private readonly Dictionary<IFleetObserver, long> _renewed = [];

    public int Count => _renewed.Count;

    public void Renew(IFleetObserver observer) => _renewed[observer] = TimeProvider.System.GetTimestamp();

    /// <summary>Calls <paramref name="notify"/> for every live subscriber; drops lapsed ones.</summary>
    public void Notify(Action<IFleetObserver> notify)
    {
        List<IFleetObserver>? lapsed = null;
        foreach (var (observer, renewed) in _renewed)
        {
            if (TimeProvider.System.GetElapsedTime(renewed) >= Life)
            {
                (lapsed ??= []).Add(observer);
                continue;
            }

            notify(observer);
        }

        foreach (var observer in lapsed ?? [])
        {
            _renewed.Remove(observer);
        }
    }
}
