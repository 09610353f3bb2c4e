using Xunit;

namespace RoutingCluster.Configuration.Tests;

public sealed class ProviderProtocolsTests
{
    [Theory]
    [InlineData("openai-chat", ProviderProtocol.OpenAiChat)]
    [InlineData("anthropic-messages", ProviderProtocol.AnthropicMessages)]
    [InlineData("simulated", ProviderProtocol.Simulated)]
    public void TryParse_WireName_RoundTripsThroughName(string name, ProviderProtocol expected)
    {
        Assert.True(ProviderProtocols.TryParse(name, out var protocol));
        Assert.Equal(expected, protocol);
        Assert.Equal(name, ProviderProtocols.Name(protocol));
    }

    [Theory]
    [InlineData("OpenAI-Chat")]
    [InlineData("OpenAiChat")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NotTheExactWireName_False(string? name) =>
        Assert.False(ProviderProtocols.TryParse(name, out _));

    [Theory]
    [InlineData(ProviderProtocol.OpenAiChat, WireFormat.OpenAiChat)]
    [InlineData(ProviderProtocol.AnthropicMessages, WireFormat.AnthropicMessages)]
    [InlineData(ProviderProtocol.OpenAiResponses, WireFormat.OpenAiResponses)]
    [InlineData(ProviderProtocol.Simulated, WireFormat.OpenAiChat)]
    public void WireFormat_EachProtocol_TheFormatItSpeaks(ProviderProtocol protocol, WireFormat expected) =>
        Assert.Equal(expected, ProviderProtocols.WireFormat(protocol));

    [Fact]
    public void Names_EveryProtocolInDeclarationOrder() =>
        Assert.Equal(["openai-chat", "anthropic-messages", "openai-responses", "simulated"], ProviderProtocols.Names);

    [Theory]
    [InlineData("local", ProviderClass.Local)]
    [InlineData("hosted", ProviderClass.Hosted)]
    public void ProviderClasses_TryParse_RoundTripsThroughName(string name, ProviderClass expected)
    {
        Assert.True(ProviderClasses.TryParse(name, out var providerClass));
        Assert.Equal(expected, providerClass);
        Assert.Equal(name, ProviderClasses.Name(providerClass));
    }

    [Theory]
    [InlineData("memory", StoreKind.Memory)]
    [InlineData("postgres", StoreKind.Postgres)]
    public void StoreKinds_TryParse_RoundTripsThroughName(string name, StoreKind expected)
    {
        Assert.True(StoreKinds.TryParse(name, out var kind));
        Assert.Equal(expected, kind);
        Assert.Equal(name, StoreKinds.Name(kind));
        Assert.Equal(expected, StoreKinds.Parse(name));
    }

    [Fact]
    public void StoreKinds_Parse_UnknownName_ThrowsListingKinds()
    {
        var error = Assert.Throws<ArgumentException>(() => StoreKinds.Parse("redis"));

        Assert.Contains("memory, postgres", error.Message, StringComparison.Ordinal);
    }
}
