namespace RoutingCluster.Plans;

/// <summary>Where a subscription profile's figure for one window came from.</summary>
[GenerateSerializer]
public enum PlanSource
{
    /// <summary>From the config: the window is declared, nothing has been heard of it yet.</summary>
    Declared,

    /// <summary>From the headers of a response to a client's request (error responses included).</summary>
    Learned,

    /// <summary>From the profile's own heartbeat probe.</summary>
    Heartbeat,
}
