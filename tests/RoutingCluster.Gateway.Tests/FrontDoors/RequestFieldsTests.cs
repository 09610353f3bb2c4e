using System.Text;
using RoutingCluster.Gateway.FrontDoors;
using RoutingCluster.Gateway.FrontDoors.Anthropic;
using RoutingCluster.Gateway.FrontDoors.OpenAi;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors;

/// <summary>
/// What both front doors refuse before anything is routed: bytes that are not UTF-8, strings that
/// are not Unicode, anything after the one JSON object, comments, a routed field given twice, and
/// an output cap that is not a positive integer. Each is a 400 with a message, never an exception.
/// </summary>
public sealed class RequestFieldsTests
{
    public static TheoryData<string> Doors => ["openai", "anthropic"];

    private static RequestReading Inspect(string door, byte[] body) => door == "openai"
        ? ChatRequestInspector.Inspect(body, null)
        : MessagesRequestInspector.Inspect(body, null);

    private static string Refusal(string door, string json) => Refusal(door, Encoding.UTF8.GetBytes(json));

    private static string Refusal(string door, byte[] body) => Assert.IsType<RequestReading.Invalid>(Inspect(door, body)).Message;

    private static string Valid(string extra = "") =>
        $$"""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}]{{extra}}}""";

    [Theory]
    [MemberData(nameof(Doors))]
    public void Inspect_ValidBody_Read(string door) =>
        Assert.IsType<RequestReading.Read>(Inspect(door, Encoding.UTF8.GetBytes(Valid())));

    [Theory]
    [MemberData(nameof(Doors))]
    public void Inspect_InvalidUtf8InModel_Refused(string door)
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"model\":\"m"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")];

        Assert.Equal("The request body is not valid UTF-8.", Refusal(door, body));
    }

    [Theory]
    [MemberData(nameof(Doors))]
    public void Inspect_LoneSurrogateInModelOrPropertyName_Refused(string door)
    {
        Assert.Contains("unpaired surrogate", Refusal(door, """{"model":"m\ud800","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}"""), StringComparison.Ordinal);
        Assert.Contains("unpaired surrogate", Refusal(door, Valid(""","\udfff":1""")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Doors))]
    public void Inspect_BytesAfterTheObject_Refused(string door)
    {
        Assert.StartsWith("The request body is not valid JSON", Refusal(door, Valid() + """{"model":"other"}"""), StringComparison.Ordinal);
        Assert.StartsWith("The request body is not valid JSON", Refusal(door, Valid() + " x"), StringComparison.Ordinal);
        Assert.IsType<RequestReading.Read>(Inspect(door, Encoding.UTF8.GetBytes(Valid() + " \r\n\t")));
    }

    [Theory]
    [MemberData(nameof(Doors))]
    public void Inspect_Comment_Refused(string door) =>
        Assert.StartsWith("The request body is not valid JSON", Refusal(door, """{"model":"m", /* note */ "max_tokens":10,"messages":[{"role":"user","content":"hi"}]}"""), StringComparison.Ordinal);

    [Theory]
    [InlineData("openai", "model", "\"m2\"")]
    [InlineData("openai", "model", "42")]
    [InlineData("openai", "stream", "true")]
    [InlineData("openai", "max_tokens", "5")]
    [InlineData("anthropic", "model", "\"m2\"")]
    [InlineData("anthropic", "stream", "false")]
    [InlineData("anthropic", "max_tokens", "5")]
    public void Inspect_RoutedFieldTwice_Refused(string door, string field, string second) =>
        Assert.Equal($"`{field}` appears more than once in the request body; send it once.", Refusal(door, Valid($",\"stream\":false,\"{field}\":{second}")));

    [Theory]
    [InlineData("openai", "0")]
    [InlineData("openai", "-1")]
    [InlineData("openai", "1.5")]
    [InlineData("openai", "3000000000")]
    [InlineData("openai", "\"100\"")]
    [InlineData("anthropic", "0")]
    [InlineData("anthropic", "null")]
    [InlineData("anthropic", "\"100\"")]
    public void Inspect_OutputCapNotAPositiveInteger_Refused(string door, string cap) =>
        Assert.StartsWith("`max_tokens` must be a positive integer", Refusal(door, $$"""{"model":"m","max_tokens":{{cap}},"messages":[{"role":"user","content":"hi"}]}"""), StringComparison.Ordinal);

    [Fact]
    public void Inspect_OpenAiCompletionTokensCap_SameRule() =>
        Assert.StartsWith("`max_completion_tokens` must be a positive integer", Refusal("openai", """{"model":"m","max_completion_tokens":-5,"messages":["x"]}"""), StringComparison.Ordinal);
}
