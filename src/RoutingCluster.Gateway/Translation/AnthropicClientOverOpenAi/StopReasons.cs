namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>OpenAI <c>finish_reason</c> to Anthropic <c>stop_reason</c>.</summary>
internal static class StopReasons
{
    /// <summary>
    /// <c>content_filter</c> maps to <c>refusal</c>, Anthropic's reason for a response its safety
    /// filters stopped. Some upstreams answer tool calls with <c>stop</c> or no reason at all; when
    /// tool calls were seen the reason is <c>tool_use</c>, which is what makes clients run them.
    /// </summary>
    public static string FromFinishReason(string? finishReason, bool sawToolCalls) => finishReason switch
    {
        "length" => "max_tokens",
        "tool_calls" or "function_call" => "tool_use",
        "content_filter" => "refusal",
        _ when sawToolCalls => "tool_use",
        _ => "end_turn",
    };
}
