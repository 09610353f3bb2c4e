using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Translation.AnthropicClientOverOpenAi;

/// <summary>Golden comparisons of JSON documents, reporting both sides on a mismatch.</summary>
internal static class TranslationAssert
{
    public static void JsonEqual(string expected, byte[] actual) => JsonEqual(expected, Encoding.UTF8.GetString(actual));

    public static void JsonEqual(string expected, string actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        Assert.True(
            JsonNode.DeepEquals(expectedNode, actualNode),
            $"expected {expectedNode?.ToJsonString()}\n  actual {actualNode?.ToJsonString()}");
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
