using System.Text.Json;
using Anthropic;
using Anthropic.Models.Messages;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>The official Anthropic SDK pointed at a gateway (it appends /v1/messages itself; its retries are off).</summary>
public static class AnthropicSdk
{
    public static AnthropicClient Client(string gatewayBaseUrl, string key = "unused") =>
        new() { BaseUrl = gatewayBaseUrl, ApiKey = key, MaxRetries = 0 };

    public static MessageCreateParams Ask(string model, string text, bool withTools = false, int maxTokens = 256) => new()
    {
        Model = model,
        MaxTokens = maxTokens,
        Messages = [new UserMessageParam(text)],
        Tools = withTools ? [WeatherTool()] : null,
    };

    public static Tool WeatherTool() => new()
    {
        Name = "get_weather",
        Description = "Current weather for a city.",
        InputSchema = new InputSchema
        {
            Properties = new Dictionary<string, JsonElement> { ["city"] = JsonSerializer.SerializeToElement(new { type = "string" }) },
            Required = ["city"],
        },
    };
}
