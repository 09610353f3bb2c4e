namespace RoutingCluster.Routing;

public enum SkipReason
{
    MissingCapability,
    ContextTooSmall,
    Disabled,
    CoolingDown,
    BreakerOpen,
    ProviderBreakerOpen,
    ConcurrencyFull,
    WindowExhausted,
    TooLargeForWindow,
    /// <summary>The request cannot be expressed in the candidate's protocol.</summary>
    Untranslatable,
    /// <summary>The credential's grain could not decide in time (its silo is slow, dying or moving it).</summary>
    Unavailable,
    /// <summary>The request's estimated cost would take one of its tenant's budgets past its cap.</summary>
    BudgetExceeded,
    /// <summary>The tenant's policy excludes the candidate (its model, provider, region or class, or a pooled key under <c>byok: only</c>).</summary>
    Policy,
    /// <summary>A subscription profile's window is at or above its <c>switchAt</c> (or the plan refused) until its reset.</summary>
    PlanThreshold,
    /// <summary>A subscription profile kept for other roles (<c>reserveFor</c>).</summary>
    Reserved,
}
