namespace RoutingCluster.Routing;

/// <summary>
/// The reasoning effort of a request on one scale, <c>low</c>, <c>medium</c>, <c>high</c>, whatever
/// the client's API calls it: OpenAI's <c>reasoning_effort</c> (<c>minimal</c> reads as <c>low</c>,
/// <c>xhigh</c> as <c>high</c>, <c>none</c> as no effort), Anthropic's <c>output_config.effort</c>
/// (<c>max</c> reads as <c>high</c>) or its extended-thinking budget.
/// </summary>
public static class EffortLevels
{
    public const string Low = "low";
    public const string Medium = "medium";
    public const string High = "high";

    public static IReadOnlyList<string> All { get; } = [Low, Medium, High];

    /// <summary>A named effort on the gateway's scale, or null when it names none (or one the gateway does not know).</summary>
    public static string? Normalize(string? effort) => effort switch
    {
        "minimal" or "low" => Low,
        "medium" => Medium,
        "high" or "xhigh" or "max" => High,
        _ => null,
    };

    /// <summary>
    /// A thinking budget as an effort. Thresholds follow Claude Code's own levels (think = 4,000,
    /// think hard = 10,000, ultrathink = 31,999): under 4,096 is low, under 16,384 medium, above high.
    /// </summary>
    public static string FromBudget(long budgetTokens) => budgetTokens switch
    {
        < 4096 => Low,
        < 16384 => Medium,
        _ => High,
    };
}
