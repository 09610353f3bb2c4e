using System.Net;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;
using RoutingCluster.Testing;
using Xunit;
using static RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi.TranslationAssert;

namespace RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi;

/// <summary>
/// Current Claude Code puts <c>role: "system"</c> turns inside <c>messages</c>: an OpenAI-chat
/// upstream gets a system message at the same place, an Anthropic upstream the turn unchanged.
/// </summary>
public sealed class SystemTurnTests : TwoProtocolGatewayTests
{
    private const string WithSystemTurns = """
        {"model":"MODEL","max_tokens":64,"system":"You are terse.","messages":[
          {"role":"user","content":"hi"},
          {"role":"system","content":"The user prefers French."},
          {"role":"assistant","content":"Bonjour."},
          {"role":"system","content":[{"type":"text","text":"Keep answers short."},{"type":"text","text":"No emoji."}]},
          {"role":"user","content":"ça va?"}]}
        """;

    [Fact]
    public void ToOpenAi_SystemTurns_SystemMessagesInPlace() =>
        JsonEqual("""
            {"model":"gpt-up","messages":[
              {"role":"system","content":"You are terse."},
              {"role":"user","content":"hi"},
              {"role":"system","content":"The user prefers French."},
              {"role":"assistant","content":"Bonjour."},
              {"role":"system","content":"Keep answers short.\n\nNo emoji."},
              {"role":"user","content":"ça va?"}],
             "max_tokens":64}
            """, Assert.IsType<RequestTranslation.Translated>(AnthropicRequestTranslator.ToOpenAi(Utf8(WithSystemTurns), "gpt-up")).Body);

    [Fact]
    public void ToOpenAi_SystemTurnWithImage_Untranslatable() =>
        Assert.Contains("`messages[0].content[0]` is a `image` block",
            Assert.IsType<RequestTranslation.Untranslatable>(AnthropicRequestTranslator.ToOpenAi(Utf8(
                """{"max_tokens":5,"messages":[{"role":"system","content":[{"type":"image","source":{}}]}]}"""), "gpt-up")).Reason,
            StringComparison.Ordinal);

    [Theory]
    [InlineData("openai", "gpt-upstream-1")]
    [InlineData("anthropic", "claude-upstream-1")]
    public async Task Messages_SystemTurns_ServedOnBothUpstreamKinds(string role, string upstreamModel)
    {
        using var response = await Gateway.Http.SendAsync(AnthropicRequests.Post(Gateway.BaseUrl + "/v1", null, WithSystemTurns.Replace("MODEL", role, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(Mock.Requests);
        Assert.Equal(upstreamModel, sent.Json!["model"]!.GetValue<string>());
        var roles = sent.Json!["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()).ToList();
        Assert.Equal(role == "openai" ? ["system", "user", "system", "assistant", "system", "user"] : ["user", "system", "assistant", "system", "user"], roles);
    }
}
