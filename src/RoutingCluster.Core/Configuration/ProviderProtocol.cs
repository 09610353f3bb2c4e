namespace RoutingCluster.Configuration;

/// <summary>How the gateway talks to a provider; YAML spells it as in <see cref="ProviderProtocols"/>.</summary>
public enum ProviderProtocol
{
    OpenAiChat,
    /// <summary>Anthropic's Messages API: <c>POST {baseUrl}/messages</c> with <c>x-api-key</c>.</summary>
    AnthropicMessages,
    /// <summary>OpenAI's Responses API: <c>POST {baseUrl}/responses</c> with a bearer key.</summary>
    OpenAiResponses,
    /// <summary>A built-in stand-in for the outside world, for demos: it never leaves the process.</summary>
    Simulated,
}
