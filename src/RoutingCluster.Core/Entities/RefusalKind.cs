namespace RoutingCluster.Entities;

public enum RefusalKind
{
    Disabled,
    CoolingDown,
    BreakerOpen,
    ConcurrencyFull,
    WindowExhausted,
    /// <summary>The request needs more tokens than a window allows at all.</summary>
    TooLargeForWindow,
}
