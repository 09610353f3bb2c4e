using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace RoutingCluster.Testing;

/// <summary>OpenAI-format chat completion requests for tests, against the gateway or a mock upstream.</summary>
public static class ChatRequests
{
    /// <summary>A JSON body with one user message; <paramref name="withTools"/> declares a <c>get_weather</c> tool.</summary>
    public static string Body(
        string model = "mock-model", string content = "Hi", bool stream = false, bool includeUsage = false, bool withTools = false)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray { new JsonObject { ["role"] = "user", ["content"] = content } },
        };
        if (stream)
        {
            body["stream"] = true;
            if (includeUsage)
            {
                body["stream_options"] = new JsonObject { ["include_usage"] = true };
            }
        }

        if (withTools)
        {
            body["tools"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "function",
                    ["function"] = new JsonObject
                    {
                        ["name"] = "get_weather",
                        ["parameters"] = new JsonObject
                        {
                            ["type"] = "object",
                            ["properties"] = new JsonObject { ["city"] = new JsonObject { ["type"] = "string" } },
                        },
                    },
                },
            };
        }

        return body.ToJsonString();
    }

    /// <summary><c>POST {openAiBaseUrl}/chat/completions</c> with a bearer key (none when null).</summary>
    public static HttpRequestMessage Post(string openAiBaseUrl, string? apiKey, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, openAiBaseUrl.TrimEnd('/') + "/chat/completions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return request;
    }
}
