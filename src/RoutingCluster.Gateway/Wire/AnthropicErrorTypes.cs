namespace RoutingCluster.Gateway.Wire;

/// <summary>Anthropic's error <c>type</c> names, as its API documents them per HTTP status.</summary>
public static class AnthropicErrorTypes
{
    /// <summary>
    /// Anthropic's error type for a status. Besides the usual ones, 402 is <c>billing_error</c> and
    /// 504 <c>timeout_error</c>, as Anthropic documents them; anything else is <c>api_error</c>.
    /// </summary>
    public static string For(int status) => status switch
    {
        400 => "invalid_request_error",
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        504 => "timeout_error",
        529 => "overloaded_error",
        _ => "api_error",
    };
}
