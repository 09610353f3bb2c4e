namespace RoutingCluster.Routing;

/// <summary>Names of the built-in selection strategies, as written in a role step's <c>strategy</c>.</summary>
public static class StrategyNames
{
    public const string Priority = "priority";
    public const string Headroom = "headroom";
    public const string RoundRobin = "round-robin";
    public const string Latency = "latency";
    public const string Cost = "cost";
    public const string Drain = "drain";

    public static readonly IReadOnlyList<string> All = [Priority, Headroom, RoundRobin, Latency, Cost, Drain];
}
