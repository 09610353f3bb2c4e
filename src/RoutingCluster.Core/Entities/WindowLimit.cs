namespace RoutingCluster.Entities;

/// <param name="Name">Stable name of the window: <c>minute</c> or the configured span text.</param>
[GenerateSerializer]
[Immutable]
public sealed record WindowLimit([property: Id(0)] string Name, [property: Id(1)] TimeSpan Span, [property: Id(2)] long? Requests, [property: Id(3)] long? Tokens);
