using OpenAI.Chat;
using RoutingCluster.Gateway.Hosting;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Configuration;

/// <summary>With no --config the gateway serves the built-in demo through its simulated providers, no key needed.</summary>
public sealed class DemoConfigTests
{
    [Fact]
    public async Task Build_NoConfig_ServesDemoRolesThroughSimulatedProviders()
    {
        await using var app = GatewayApp.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        var baseUrl = app.Urls.First().TrimEnd('/');
        var chat = new ChatClient("fast", new System.ClientModel.ApiKeyCredential("none"), new OpenAI.OpenAIClientOptions { Endpoint = new Uri(baseUrl + "/v1") });

        var result = await chat.CompleteChatAsync([new UserChatMessage("hello")], new ChatCompletionOptions { MaxOutputTokenCount = 5 });

        Assert.Equal("this reply comes from the", result.Value.Content[0].Text);
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-routing-role", out var role));
        Assert.Equal("smol", role);
        await app.StopAsync();
    }
}
