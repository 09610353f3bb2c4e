namespace RoutingCluster.Gateway.Forwarding;

/// <summary>Why routing ended without an upstream answer; the front door maps each to a status.</summary>
public enum RouteFailureKind
{
    /// <summary>Every candidate is at a limit that frees up with time: 429 with retry-after.</summary>
    RateLimited,
    /// <summary>Every remaining candidate would take a budget of the tenant past its cap: 429 until the budget resets.</summary>
    BudgetExceeded,
    /// <summary>No candidate can take the request at all (context, capability): 400.</summary>
    Unservable,
    /// <summary>Nothing was tried: breakers open, keys disabled: 503.</summary>
    Unavailable,
    /// <summary>Every attempt failed: 502.</summary>
    AllAttemptsFailed,
    /// <summary>The request deadline passed before any answer: 504.</summary>
    DeadlineExceeded,
}
