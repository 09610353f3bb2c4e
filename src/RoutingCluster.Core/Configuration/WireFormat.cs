namespace RoutingCluster.Configuration;

/// <summary>The request and response shape spoken on a connection; several protocols may share one.</summary>
public enum WireFormat
{
    OpenAiChat,
    AnthropicMessages,

    /// <summary>OpenAI's Responses API (<c>POST /v1/responses</c>), spoken by clients and by <c>openai-responses</c> upstreams.</summary>
    OpenAiResponses,
}
