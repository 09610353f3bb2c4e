namespace RoutingCluster.Routing;

/// <summary>What routing needs to know about one request, read from its body and headers.</summary>
/// <param name="RequestedModel">The <c>model</c> field as the client sent it.</param>
/// <param name="RoleHeader">The <c>x-routing-role</c> header, which wins over everything else.</param>
/// <param name="EstimatedInputTokens">Rough input size (see the front door's estimator).</param>
/// <param name="MaxOutputTokens">The client's output cap, when it set one.</param>
/// <param name="Effort">The reasoning effort on <see cref="EffortLevels"/>' scale, when the request asks for reasoning.</param>
public sealed record RequestFeatures(
    string RequestedModel,
    string? RoleHeader,
    bool Stream,
    bool Thinking,
    bool Tools,
    bool Vision,
    long EstimatedInputTokens,
    int? MaxOutputTokens,
    string? Effort = null);
