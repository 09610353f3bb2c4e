using System.Text.Json;
using RoutingCluster.Gateway.FrontDoors;
using RoutingCluster.Gateway.FrontDoors.Anthropic;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;
using Xunit;
using static RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi.TranslationAssert;

namespace RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi;

/// <summary>
/// Adaptive thinking (what current Claude Code sends: <c>thinking: {type: "adaptive"}</c> with
/// <c>output_config.effort</c>) counts as thinking for routing and reaches an OpenAI upstream as
/// <c>reasoning_effort</c>, as extended thinking's budget does.
/// </summary>
public sealed class ThinkingEffortTests
{
    private static string Body(string thinking, string? effort = null) =>
        $$"""{"model":"claude-x","max_tokens":256,"thinking":{{thinking}}{{(effort is null ? "" : $",\"output_config\":{{\"effort\":\"{effort}\"}}")}},"messages":[{"role":"user","content":"hi"}]}""";

    private static string? ReasoningEffort(string body)
    {
        var translated = Assert.IsType<RequestTranslation.Translated>(AnthropicRequestTranslator.ToOpenAi(Utf8(body), "gpt-up"));
        using var document = JsonDocument.Parse(translated.Body);
        return document.RootElement.TryGetProperty("reasoning_effort", out var effort) ? effort.GetString() : null;
    }

    [Theory]
    [InlineData("""{"type":"adaptive"}""", "low", "low")]
    [InlineData("""{"type":"adaptive"}""", "medium", "medium")]
    [InlineData("""{"type":"adaptive"}""", "high", "high")]
    [InlineData("""{"type":"adaptive"}""", "max", "high")]
    [InlineData("""{"type":"adaptive"}""", null, "high")]
    [InlineData("""{"type":"enabled","budget_tokens":31999}""", "low", "low")]
    [InlineData("""{"type":"enabled","budget_tokens":10000}""", null, "medium")]
    [InlineData("""{"type":"disabled"}""", "high", null)]
    public void ToOpenAi_ThinkingAndEffort_ReasoningEffort(string thinking, string? effort, string? expected) =>
        Assert.Equal(expected, ReasoningEffort(Body(thinking, effort)));

    [Fact]
    public void ToOpenAi_UnknownEffort_Untranslatable() =>
        Assert.Contains("`output_config.effort` `extreme`",
            Assert.IsType<RequestTranslation.Untranslatable>(AnthropicRequestTranslator.ToOpenAi(Utf8(Body("""{"type":"adaptive"}""", "extreme")), "gpt-up")).Reason,
            StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"type":"adaptive"}""", true)]
    [InlineData("""{"type":"enabled","budget_tokens":2048}""", true)]
    [InlineData("""{"type":"disabled"}""", false)]
    public void Inspect_AdaptiveThinking_CountsAsThinking(string thinking, bool expected) =>
        Assert.Equal(expected, Assert.IsType<RequestReading.Read>(MessagesRequestInspector.Inspect(Utf8(Body(thinking, "medium")), null)).Inspection.Features.Thinking);
}
