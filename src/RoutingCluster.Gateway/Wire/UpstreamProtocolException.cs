namespace RoutingCluster.Gateway.Wire;

/// <summary>The upstream broke its protocol (e.g. a stream that ended before any event or sent one over the cap, a body cut short).</summary>
public sealed class UpstreamProtocolException(string message) : Exception(message);
