using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Wire;

/// <summary>What the front door read from a chat completions body, with the byte positions the rewrite needs.</summary>
/// <param name="ObjectStart">Offset of the body's opening brace.</param>
/// <param name="ModelStart">Offset of the <c>model</c> value's opening quote.</param>
/// <param name="ModelEnd">Offset just past the <c>model</c> value's closing quote.</param>
/// <param name="StreamOptionsStart">Offset of the <c>stream_options</c> object's opening brace, or -1.</param>
/// <param name="StreamOptionsEmpty">True when <c>stream_options</c> is <c>{}</c>.</param>
/// <param name="IncludeUsage">The client's <c>stream_options.include_usage</c>, when it set it.</param>
public sealed record RequestInspection(
    RequestFeatures Features,
    int ObjectStart,
    int ModelStart,
    int ModelEnd,
    int StreamOptionsStart,
    bool StreamOptionsEmpty,
    bool? IncludeUsage);
