namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>A build stage: its base image (build arguments substituted), its name and its instructions after FROM.</summary>
public sealed record DockerfileStage(string Image, string? Name, IReadOnlyList<DockerfileInstruction> Instructions);
