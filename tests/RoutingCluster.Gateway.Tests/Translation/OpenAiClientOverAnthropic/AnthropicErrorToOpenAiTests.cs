using RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Translation.OpenAiClientOverAnthropic;

public sealed class AnthropicErrorToOpenAiTests
{
    [Theory]
    [InlineData(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", "rate_limit_exceeded")]
    [InlineData(529, "overloaded_error", "Overloaded", "overloaded")]
    [InlineData(400, "invalid_request_error", "max_tokens: Field required", "invalid_request_error")]
    [InlineData(401, "authentication_error", "invalid x-api-key", "authentication_error")]
    public void AnthropicToOpenAi_AnthropicError_OpenAiShape(int status, string type, string message, string code)
    {
        var anthropic = $$"""{"type":"error","error":{"type":"{{type}}","message":"{{message}}"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}""";

        var body = AnthropicErrorToOpenAi.Translate(GoldenJson.Utf8(anthropic), status);

        GoldenJson.Equal($$$"""{"error":{"message":"{{{message}}}","type":"{{{type}}}","param":null,"code":"{{{code}}}"}}""", body);
    }

    [Theory]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("")]
    [InlineData("""{"message":"no error member"}""")]
    public void AnthropicToOpenAi_NotAnAnthropicError_GenericUpstreamError(string upstream)
    {
        var body = AnthropicErrorToOpenAi.Translate(GoldenJson.Utf8(upstream), 502);

        GoldenJson.Equal("""{"error":{"message":"The upstream returned status 502.","type":"upstream_error","param":null,"code":"upstream_error"}}""", body);
    }
}
