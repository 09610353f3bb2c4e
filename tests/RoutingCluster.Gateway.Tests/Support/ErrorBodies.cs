using System.Text.Json;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>Asserts an error body is well formed in one API's wire format and returns its message.</summary>
public static class ErrorBodies
{
    /// <summary><c>{"error":{"message","type","param","code"}}</c></summary>
    public static string AssertOpenAi(string body)
    {
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("code").ValueKind);
        return error.GetProperty("message").GetString() ?? throw new Xunit.Sdk.XunitException("error.message is null");
    }

    /// <summary><c>{"type":"error","error":{"type","message"}}</c></summary>
    public static string AssertAnthropic(string body)
    {
        using var document = JsonDocument.Parse(body);
        Assert.Equal("error", document.RootElement.GetProperty("type").GetString());
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        return error.GetProperty("message").GetString() ?? throw new Xunit.Sdk.XunitException("error.message is null");
    }

    /// <summary>By the path the request went to: Anthropic's format under /v1/messages, OpenAI's elsewhere.</summary>
    public static string AssertFor(string path, string body) =>
        path.StartsWith("/v1/messages", StringComparison.Ordinal) ? AssertAnthropic(body) : AssertOpenAi(body);
}
