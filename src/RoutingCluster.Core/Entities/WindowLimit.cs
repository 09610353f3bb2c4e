namespace RoutingCluster.Entities;

/// <param name="Name">Stable name of the window: <c>minute</c> or the configured span text.</param>
public sealed record WindowLimit(string Name, TimeSpan Span, long? Requests, long? Tokens);
