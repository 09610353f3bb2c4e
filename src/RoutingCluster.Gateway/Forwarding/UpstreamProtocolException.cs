namespace RoutingCluster.Gateway.Forwarding;

/// <summary>The upstream broke its protocol (e.g. a stream that ended before any event, a body cut short).</summary>
public sealed class UpstreamProtocolException(string message) : Exception(message);
