using RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;
using Xunit;
using static RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi.TranslationAssert;

namespace RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi;

public sealed class OpenAiErrorToAnthropicTests
{
    [Theory]
    [InlineData(400, "invalid_request_error")]
    [InlineData(401, "authentication_error")]
    [InlineData(402, "billing_error")]
    [InlineData(403, "permission_error")]
    [InlineData(404, "not_found_error")]
    [InlineData(413, "request_too_large")]
    [InlineData(429, "rate_limit_error")]
    [InlineData(500, "api_error")]
    [InlineData(503, "api_error")]
    [InlineData(504, "timeout_error")]
    [InlineData(529, "overloaded_error")]
    public void OpenAiToAnthropic_Status_MapsErrorTypeAndKeepsMessage(int status, string type)
    {
        var body = OpenAiErrorToAnthropic.Translate(Utf8("""
            {"error": {"message": "Rate limit reached for gpt-4.1 in organization org-x on tokens per min (TPM).", "type": "tokens", "param": null, "code": "rate_limit_exceeded"}}
            """), status);

        JsonEqual($$"""
            {"type": "error", "error": {"type": "{{type}}", "message": "Rate limit reached for gpt-4.1 in organization org-x on tokens per min (TPM)."} }
            """, body);
    }

    [Theory]
    [InlineData("""{"error": "model overloaded"}""", "model overloaded")]
    [InlineData("""{"message": "Invalid API key"}""", "Invalid API key")]
    [InlineData("""{"error": {"code": 500}}""", "The upstream answered HTTP 500 without an error message.")]
    [InlineData("upstream connect error or disconnect/reset before headers", "The upstream answered HTTP 500 without an error message.")]
    [InlineData("", "The upstream answered HTTP 500 without an error message.")]
    public void OpenAiToAnthropic_OtherBodyShapes_FindsMessageOrUsesGenericText(string upstream, string message)
    {
        var body = OpenAiErrorToAnthropic.Translate(Utf8(upstream), 500);

        JsonEqual($$"""{"type": "error", "error": {"type": "api_error", "message": "{{message}}"} }""", body);
    }
}
