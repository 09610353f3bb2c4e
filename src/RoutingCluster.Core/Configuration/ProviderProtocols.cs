namespace RoutingCluster.Configuration;

public static class ProviderProtocols
{
    public const string OpenAiChat = "openai-chat";
    /// <summary>Anthropic's Messages API: <c>POST {baseUrl}/messages</c> with <c>x-api-key</c>.</summary>
    public const string AnthropicMessages = "anthropic-messages";
    /// <summary>A built-in stand-in for the outside world, for demos: it never leaves the process.</summary>
    public const string Simulated = "simulated";
    public static readonly IReadOnlyList<string> All = [OpenAiChat, AnthropicMessages, Simulated];

    /// <summary>The wire format a protocol speaks: <c>simulated</c> answers in OpenAI's.</summary>
    public static string WireFormat(string protocol) => protocol == AnthropicMessages ? AnthropicMessages : OpenAiChat;
}
