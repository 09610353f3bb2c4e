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

    /// <summary>A subscription profile's window is at or above its <c>switchAt</c>, or the plan refused: no new work until its reset.</summary>
    PlanThreshold,

    /// <summary>No decision: the grain timed out, lost its write to another activation, or the lease id was already released.</summary>
    Unavailable,
}
