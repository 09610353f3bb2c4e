namespace RoutingCluster.Grains.Credentials;

/// <summary>How a grain's own checkpoint write ended.</summary>
internal enum WriteResult
{
    Written,

    /// <summary>The database did not answer in time or failed: the grain serves from memory and retries.</summary>
    Failed,

    /// <summary>Not finished within the wait of the request path; it goes on, and decides later.</summary>
    Pending,

    /// <summary>Another activation of the same grain wrote since this one read: this one stops deciding.</summary>
    Superseded,
}
