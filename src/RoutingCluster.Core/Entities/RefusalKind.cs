namespace RoutingCluster.Entities;

[GenerateSerializer]
public enum RefusalKind
{
    Disabled,
    CoolingDown,
    BreakerOpen,
    ConcurrencyFull,
    WindowExhausted,
    /// <summary>The request needs more tokens than a window allows at all.</summary>
    TooLargeForWindow,

    /// <summary>No decision: the grain timed out, lost its write to another activation, or the lease id was already released.</summary>
    Unavailable,
}
