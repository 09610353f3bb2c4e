using System.Text;
using System.Text.Json;
using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Forwarding;
using Xunit;
using static RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi.TranslationAssert;

namespace RoutingCluster.Gateway.Tests.Forwarding;

/// <summary>An upstream's 4xx is rebuilt in the client's format, never relayed: token-shaped fields kept, the message masked and capped.</summary>
public sealed class UpstreamErrorRebuilderTests
{
    private const string ProviderKey = "sk-live-4f9a1c2e8b7d6a5f3e2d1c0b9a8f7e6d";
    private static readonly SecretMasker Masker = new([ProviderKey]);

    private static byte[] Rebuild(string upstream, int status, WireFormat upstreamWire, WireFormat clientWire) =>
        UpstreamErrorRebuilder.Rebuild(Utf8(upstream), status, upstreamWire, clientWire, Masker);

    [Theory]
    [InlineData(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", "rate_limit_exceeded")]
    [InlineData(529, "overloaded_error", "Overloaded", "overloaded")]
    [InlineData(400, "invalid_request_error", "max_tokens: Field required", "invalid_request_error")]
    [InlineData(401, "authentication_error", "invalid x-api-key", "authentication_error")]
    public void Rebuild_AnthropicErrorForOpenAiClient_OpenAiShape(int status, string type, string message, string code)
    {
        var anthropic = $$"""{"type":"error","error":{"type":"{{type}}","message":"{{message}}"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}""";

        JsonEqual($$$"""{"error":{"message":"{{{message}}}","type":"{{{type}}}","param":null,"code":"{{{code}}}"}}""",
            Rebuild(anthropic, status, WireFormat.AnthropicMessages, WireFormat.OpenAiChat));
    }

    [Theory]
    [InlineData(400, "invalid_request_error")]
    [InlineData(402, "billing_error")]
    [InlineData(404, "not_found_error")]
    [InlineData(413, "request_too_large")]
    [InlineData(422, "api_error")]
    public void Rebuild_OpenAiErrorForAnthropicClient_TypedByStatus(int status, string type) =>
        JsonEqual($$$"""{"type":"error","error":{"type":"{{{type}}}","message":"Unknown parameter: 'foo'."}}""",
            Rebuild("""{"error":{"message":"Unknown parameter: 'foo'.","type":"invalid_request_error","param":"foo","code":"unknown_parameter"}}""",
                status, WireFormat.OpenAiChat, WireFormat.AnthropicMessages));

    [Fact]
    public void Rebuild_SameProtocol_FieldsKeptButBodyRebuilt()
    {
        JsonEqual("""{"error":{"message":"bad temperature","type":"invalid_request_error","param":"temperature","code":"invalid_value"}}""",
            Rebuild("""{"error":{"message":"bad temperature","type":"invalid_request_error","param":"temperature","code":"invalid_value","internal":"x"}}""",
                400, WireFormat.OpenAiChat, WireFormat.OpenAiChat));
        JsonEqual("""{"type":"error","error":{"type":"invalid_request_error","message":"messages: at least one message is required"}}""",
            Rebuild("""{"type":"error","error":{"type":"invalid_request_error","message":"messages: at least one message is required"},"request_id":"req_1"}""",
                400, WireFormat.AnthropicMessages, WireFormat.AnthropicMessages));
    }

    [Theory]
    [InlineData("<html>400 Bad Request</html>")]
    [InlineData("")]
    [InlineData("""{"error":{"code":400}}""")]
    public void Rebuild_NoMessage_GenericText(string upstream)
    {
        var body = Rebuild(upstream, 400, WireFormat.OpenAiChat, WireFormat.OpenAiChat);

        using var document = JsonDocument.Parse(body);
        Assert.Equal("The upstream answered HTTP 400 without an error message.", document.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"error": "model overloaded"}""", "model overloaded")]
    [InlineData("""{"message": "Invalid request"}""", "Invalid request")]
    public void Rebuild_OtherShapes_MessageFound(string upstream, string message) =>
        JsonEqual($$$"""{"type":"error","error":{"type":"invalid_request_error","message":"{{{message}}}"}}""",
            Rebuild(upstream, 400, WireFormat.OpenAiChat, WireFormat.AnthropicMessages));

    [Theory]
    [InlineData(WireFormat.OpenAiChat)]
    [InlineData(WireFormat.AnthropicMessages)]
    public void Rebuild_MessageQuotingTheKey_KeyMasked(WireFormat client)
    {
        var upstream = $$$"""{"error":{"message":"Incorrect API key provided: {{{ProviderKey}}}. Also sk-li...7e6d and {{{ProviderKey[..12]}}}.","type":"invalid_request_error","code":"invalid_api_key"}}""";

        var text = Encoding.UTF8.GetString(Rebuild(upstream, 400, WireFormat.OpenAiChat, client));

        Assert.DoesNotContain(ProviderKey[..12], text, StringComparison.Ordinal);
        Assert.DoesNotContain("7e6d", text, StringComparison.Ordinal);
        Assert.Contains("Incorrect API key provided: [redacted]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Rebuild_OddTypeAndCode_Dropped()
    {
        var body = Rebuild("""{"error":{"message":"m","type":"<script>","code":"has space","param":{"x":1}}}""", 400, WireFormat.OpenAiChat, WireFormat.OpenAiChat);

        JsonEqual("""{"error":{"message":"m","type":"invalid_request_error","param":null,"code":"invalid_request_error"}}""", body);
    }

    [Fact]
    public void Rebuild_LongMessage_Capped()
    {
        var body = Rebuild($$$"""{"error":{"message":"{{{new string('a', 5000)}}}","type":"invalid_request_error"}}""", 400, WireFormat.OpenAiChat, WireFormat.OpenAiChat);

        using var document = JsonDocument.Parse(body);
        var message = document.RootElement.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Equal(UpstreamErrorRebuilder.MaxMessageLength + 1, message.Length);
        Assert.EndsWith("…", message, StringComparison.Ordinal);
    }
}
