namespace RoutingCluster.Gateway.Translation.ResponsesClientOverChat;

/// <summary>One output item of a response: an assistant message's text, a function call, or a reasoning summary.</summary>
internal sealed record ResponseItem(string Id, string? Text, string? CallId = null, string? Name = null, string? Arguments = null, bool IsReasoning = false)
{
    public bool IsCall => CallId is not null;

    /// <summary>Reasoning the upstream showed (OpenAI-compatible <c>reasoning_content</c>), as a summary.</summary>
    public static ResponseItem Reasoning(string id, string? text) => new(id, text, IsReasoning: true);
}
