namespace RoutingCluster.Gateway.Hosting;

/// <summary>The first config could not be loaded; the message lists every error.</summary>
public sealed class ConfigRejectedException(string message) : Exception(message);
