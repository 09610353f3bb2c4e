namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>One Dockerfile instruction, its continuation lines joined.</summary>
/// <param name="Keyword">Upper case: FROM, RUN, COPY, ...</param>
/// <param name="Arguments">The rest of the instruction, trimmed.</param>
public sealed record DockerfileInstruction(string Keyword, string Arguments);
