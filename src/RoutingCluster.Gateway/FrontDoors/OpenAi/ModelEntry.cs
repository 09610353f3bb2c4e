namespace RoutingCluster.Gateway.FrontDoors.OpenAi;

/// <summary>One name a client may put in <c>model</c>.</summary>
/// <param name="Kind"><c>role</c>, <c>alias</c> or <c>model</c>.</param>
/// <param name="Target">For an alias: the role or model it names.</param>
public sealed record ModelEntry(string Id, string Object, long Created, string OwnedBy, string Kind, string? Target);
