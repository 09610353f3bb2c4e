using System.Text;
using RoutingCluster.Gateway.FrontDoors;
using RoutingCluster.Gateway.FrontDoors.Anthropic;
using RoutingCluster.Gateway.FrontDoors.OpenAi;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors;

/// <summary>Both front doors read a request's reasoning effort onto one scale for the <c>effort</c> rule condition.</summary>
public sealed class EffortTests
{
    private static string? Effort(RequestReading reading) => Assert.IsType<RequestReading.Read>(reading).Inspection.Features.Effort;

    [Theory]
    [InlineData(",\"reasoning_effort\":\"high\"", "high")]
    [InlineData(",\"reasoning_effort\":\"xhigh\"", "high")]
    [InlineData(",\"reasoning_effort\":\"medium\"", "medium")]
    [InlineData(",\"reasoning_effort\":\"minimal\"", "low")]
    [InlineData(",\"reasoning_effort\":\"none\"", null)]
    [InlineData(",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":20000}", "high")]
    [InlineData("", null)]
    public void OpenAi_ReasoningSettings_Effort(string extra, string? expected) =>
        Assert.Equal(expected, Effort(ChatRequestInspector.Inspect(Encoding.UTF8.GetBytes($$"""{"model":"m","messages":["x"]{{extra}}}"""), null)));

    [Theory]
    [InlineData("{\"type\":\"adaptive\"}", ",\"output_config\":{\"effort\":\"medium\"}", "medium")]
    [InlineData("{\"type\":\"adaptive\"}", ",\"output_config\":{\"effort\":\"max\"}", "high")]
    [InlineData("{\"type\":\"adaptive\"}", "", "high")]
    [InlineData("{\"type\":\"enabled\",\"budget_tokens\":2048}", "", "low")]
    [InlineData("{\"type\":\"enabled\",\"budget_tokens\":10000}", ",\"output_config\":{\"effort\":\"high\"}", "high")]
    [InlineData("{\"type\":\"disabled\"}", ",\"output_config\":{\"effort\":\"high\"}", null)]
    public void Anthropic_ThinkingAndOutputConfig_Effort(string thinking, string extra, string? expected) =>
        Assert.Equal(expected, Effort(MessagesRequestInspector.Inspect(Encoding.UTF8.GetBytes(
            $$"""{"model":"m","max_tokens":64,"thinking":{{thinking}}{{extra}},"messages":[{"role":"user","content":"x"}]}"""), null)));
}
