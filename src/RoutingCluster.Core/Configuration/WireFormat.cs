namespace RoutingCluster.Configuration;

/// <summary>The request and response shape spoken on a connection; several protocols may share one.</summary>
public enum WireFormat
{
    OpenAiChat,
    AnthropicMessages,
}
