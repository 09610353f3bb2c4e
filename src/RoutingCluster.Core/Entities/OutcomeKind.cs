namespace RoutingCluster.Entities;

/// <summary>How one upstream attempt ended, as the entities need to know it.</summary>
[GenerateSerializer]
public enum OutcomeKind
{
    Success,
    /// <summary>429 from upstream.</summary>
    RateLimited,
    /// <summary>5xx (and 529-style overload) from upstream.</summary>
    ServerError,
    /// <summary>Connection refused, reset before headers, DNS, TLS.</summary>
    ConnectError,
    /// <summary>No first byte within the attempt timeout.</summary>
    Timeout,
    /// <summary>401/403: the key is wrong or revoked.</summary>
    AuthFailed,
    /// <summary>Any other 4xx: the request was bad, the key is fine.</summary>
    ClientError,
    /// <summary>The stream broke after the first byte reached the client.</summary>
    StreamBroken,
    /// <summary>The caller went away or the request deadline passed; says nothing about the upstream.</summary>
    Cancelled,
}
