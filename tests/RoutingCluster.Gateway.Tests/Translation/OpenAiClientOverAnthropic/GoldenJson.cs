using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Translation.OpenAiClientOverAnthropic;

/// <summary>Compares JSON by meaning (member order and formatting ignored), showing both sides on failure.</summary>
internal static class GoldenJson
{
    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public static void Equal(string expected, byte[] actual) => Equal(expected, Encoding.UTF8.GetString(actual));

    public static void Equal(string expected, string actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode), $"expected {expectedNode?.ToJsonString()}\n  actual {actualNode?.ToJsonString()}");
    }
}
