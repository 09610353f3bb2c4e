using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace RoutingCluster.Testing;

/// <summary>Anthropic Messages API requests for tests, against the gateway or a mock upstream.</summary>
public static class AnthropicRequests
{
    public const string Version = MockAnthropicJson.Version;

    /// <summary>A JSON body with one user message; <paramref name="withTools"/> declares a <c>get_weather</c> tool.</summary>
    public static string Body(
        string model = "claude-mock", string content = "Hi", bool stream = false, bool withTools = false, int maxTokens = 256)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["max_tokens"] = maxTokens,
            ["messages"] = new JsonArray { new JsonObject { ["role"] = "user", ["content"] = content } },
        };
        if (stream)
        {
            body["stream"] = true;
        }

        if (withTools)
        {
            body["tools"] = new JsonArray
            {
                new JsonObject
                {
                    ["name"] = "get_weather",
                    ["description"] = "Current weather for a city.",
                    ["input_schema"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject { ["city"] = new JsonObject { ["type"] = "string" } },
                        ["required"] = new JsonArray { "city" },
                    },
                },
            };
        }

        return body.ToJsonString();
    }

    /// <summary><c>POST {anthropicBaseUrl}/messages</c> with <c>x-api-key</c> (none when null),
    /// <c>anthropic-version</c> and, when given, <c>anthropic-beta</c>.</summary>
    public static HttpRequestMessage Post(string anthropicBaseUrl, string? apiKey, string body, string? beta = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, anthropicBaseUrl.TrimEnd('/') + "/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("anthropic-version", Version);
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        if (beta is not null)
        {
            request.Headers.Add("anthropic-beta", beta);
        }

        return request;
    }
}
