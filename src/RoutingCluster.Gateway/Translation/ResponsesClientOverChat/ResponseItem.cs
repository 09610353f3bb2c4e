namespace RoutingCluster.Gateway.Translation.ResponsesClientOverChat;

/// <summary>One output item of a response: an assistant message's text, or a function call.</summary>
internal sealed record ResponseItem(string Id, string? Text, string? CallId = null, string? Name = null, string? Arguments = null)
{
    public bool IsCall => CallId is not null;
}
