using System.Text;
using System.Text.Json.Nodes;
using RoutingCluster.Gateway.Tests.FrontDoors.OpenAi;
using RoutingCluster.Gateway.Translation.PassThrough;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Translation.PassThrough;

public sealed class ModelFieldRewriterTests
{
    private static (JsonObject Output, bool Injected) Rewrite(string json, string upstreamModel)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var inspection = ChatRequestInspectorTests.Inspected(json);
        var (body, injected) = ModelFieldRewriter.Rewrite(bytes, inspection, upstreamModel);
        var parsed = JsonNode.Parse(body);
        return (Assert.IsType<JsonObject>(parsed), injected);
    }

    /// <summary>The client's body with <paramref name="change"/> applied, for comparison.</summary>
    private static JsonObject Expected(string json, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        change(node);
        return node;
    }

    private static void AssertSameJson(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\n  actual {actual.ToJsonString()}");

    [Theory]
    [InlineData("""{"model":"plan","messages":[{"role":"user","content":"hi"}],"temperature":0.2}""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}],"model":"plan"}""")]
    [InlineData("""  {  "user" : "u1" , "model"  :  "plan" , "messages" : [ "x" ] , "n" : 1 }  """)]
    [InlineData("""{"model":"plan","stream":false,"messages":["x"]}""")]
    public void Rewrite_NotStreaming_OnlyModelChanges(string json)
    {
        var (output, injected) = Rewrite(json, "gpt-4o-2024-08-06");

        Assert.False(injected);
        AssertSameJson(Expected(json, o => o["model"] = "gpt-4o-2024-08-06"), output);
    }

    [Fact]
    public void Rewrite_NotStreaming_OtherBytesUntouched()
    {
        const string json = """{"model":"plan",  "messages":["x"], "weird":1.50e+2}""";

        var (body, _) = ModelFieldRewriter.Rewrite(Encoding.UTF8.GetBytes(json), ChatRequestInspectorTests.Inspected(json), "up");

        Assert.Equal("""{"model":"up",  "messages":["x"], "weird":1.50e+2}""", Encoding.UTF8.GetString(body));
    }

    [Theory]
    [InlineData("""{"model":"plan","stream":true,"messages":["x"]}""")]
    [InlineData("""{"stream":true,"messages":["x"],"model":"plan"}""")]
    public void Rewrite_StreamingWithoutStreamOptions_AddsIncludeUsage(string json)
    {
        var (output, injected) = Rewrite(json, "up");

        Assert.True(injected);
        AssertSameJson(Expected(json, o =>
        {
            o["model"] = "up";
            o["stream_options"] = new JsonObject { ["include_usage"] = true };
        }), output);
    }

    [Theory]
    [InlineData("""{"model":"plan","stream":true,"stream_options":{},"messages":["x"]}""")]
    [InlineData("""{"stream_options":{ },"model":"plan","stream":true,"messages":["x"]}""")]
    [InlineData("""{"model":"plan","stream":true,"stream_options":{"continuous_usage_stats":false},"messages":["x"]}""")]
    [InlineData("""{"stream_options":{"a":{"b":[1,2]},"c":"d"},"stream":true,"messages":["x"],"model":"plan"}""")]
    public void Rewrite_StreamingWithStreamOptions_MergesIncludeUsage(string json)
    {
        var (output, injected) = Rewrite(json, "up");

        Assert.True(injected);
        AssertSameJson(Expected(json, o =>
        {
            o["model"] = "up";
            o["stream_options"]!.AsObject()["include_usage"] = true;
        }), output);
    }

    [Theory]
    [InlineData("""{"model":"plan","stream":true,"stream_options":{"include_usage":false},"messages":["x"]}""")]
    [InlineData("""{"stream_options":{"include_usage":true},"model":"plan","stream":true,"messages":["x"]}""")]
    public void Rewrite_ClientSetIncludeUsage_LeftAsIs(string json)
    {
        var (output, injected) = Rewrite(json, "up");

        Assert.False(injected);
        AssertSameJson(Expected(json, o => o["model"] = "up"), output);
    }

    [Theory]
    [InlineData("we\"ird\\model")]
    [InlineData("models/gemini-2.0 <beta> & co")]
    [InlineData("modèle-ü-日本")]
    [InlineData("tab\there\nnewline")]
    public void Rewrite_ModelNeedingEscaping_StaysValidJson(string upstreamModel)
    {
        const string json = """{"model":"plan","stream":true,"messages":["x"]}""";

        var (output, _) = Rewrite(json, upstreamModel);

        Assert.Equal(upstreamModel, output["model"]!.GetValue<string>());
        Assert.Equal(4, output.Count);
    }

    [Fact]
    public void Rewrite_StreamOptionsNull_NoSecondStreamOptionsKey()
    {
        var json = """{"model":"plan","stream":true,"stream_options":null,"messages":["x"]}""";

        var (output, injected) = Rewrite(json, "up-1");

        Assert.False(injected);
        AssertSameJson(Expected(json, o => o["model"] = "up-1"), output);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(output.ToJsonString(), "stream_options"));
    }
}
