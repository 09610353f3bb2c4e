namespace RoutingCluster.Gateway.Metrics;

/// <summary>Tag keys of the gateway's instruments (Prometheus label names).</summary>
public static class MetricTags
{
    public const string Role = "role";
    public const string Model = "model";
    public const string Provider = "provider";
    public const string Credential = "credential";
    public const string StatusClass = "status_class";
    public const string FrontDoor = "front_door";
    public const string Tenant = "tenant";
    public const string Outcome = "outcome";
    public const string Direction = "direction";
    public const string Reason = "reason";

    /// <summary>The value of a tag the request never had (no role: refused before routing; no model: nothing served).</summary>
    public const string None = "none";
}
