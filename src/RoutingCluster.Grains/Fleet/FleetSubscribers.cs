namespace RoutingCluster.Grains.Fleet;

/// <summary>
/// The nodes watching one grain. A subscription lasts <see cref="Life"/> unless renewed: nodes renew
/// on every refresh, so a dead node's subscription lapses by itself, and a subscription lost when
/// the grain moved to another silo is back at the node's next refresh.
/// </summary>
internal sealed class FleetSubscribers
{
    /// <summary>Subscriptions live three refreshes of the default interval.</summary>
    public static readonly TimeSpan Life = TimeSpan.FromSeconds(15);

    private readonly Dictionary<IFleetObserver, DateTimeOffset> _expiries = [];

    public int Count => _expiries.Count;

    public void Renew(IFleetObserver observer, DateTimeOffset now) => _expiries[observer] = now + Life;

    /// <summary>Calls <paramref name="notify"/> for every live subscriber; drops lapsed ones.</summary>
    public void Notify(DateTimeOffset now, Action<IFleetObserver> notify)
    {
        List<IFleetObserver>? lapsed = null;
        foreach (var (observer, expiry) in _expiries)
        {
            if (expiry <= now)
            {
                (lapsed ??= []).Add(observer);
                continue;
            }

            notify(observer);
        }

        foreach (var observer in lapsed ?? [])
        {
            _expiries.Remove(observer);
        }
    }
}
