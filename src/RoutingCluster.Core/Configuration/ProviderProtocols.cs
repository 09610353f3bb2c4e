namespace RoutingCluster.Configuration;

/// <summary>The YAML spelling of each <see cref="ProviderProtocol"/>, used for parsing, error messages and display.</summary>
public static class ProviderProtocols
{
    public const string OpenAiChatName = "openai-chat";
    public const string AnthropicMessagesName = "anthropic-messages";
    public const string SimulatedName = "simulated";
    public const string OpenAiResponsesName = "openai-responses";

    public static IReadOnlyList<ProviderProtocol> All { get; } = [ProviderProtocol.OpenAiChat, ProviderProtocol.AnthropicMessages, ProviderProtocol.OpenAiResponses, ProviderProtocol.Simulated];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(Name)];

    public static string Name(ProviderProtocol protocol) => protocol switch
    {
        ProviderProtocol.OpenAiChat => OpenAiChatName,
        ProviderProtocol.AnthropicMessages => AnthropicMessagesName,
        ProviderProtocol.OpenAiResponses => OpenAiResponsesName,
        ProviderProtocol.Simulated => SimulatedName,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    /// <summary>Exact, case-sensitive match on the YAML spelling.</summary>
    public static bool TryParse(string? name, out ProviderProtocol protocol)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), name, StringComparison.Ordinal))
            {
                protocol = candidate;
                return true;
            }
        }

        protocol = default;
        return false;
    }

    /// <summary>The wire format a protocol speaks: <c>simulated</c> answers in OpenAI's.</summary>
    public static WireFormat WireFormat(ProviderProtocol protocol) => protocol switch
    {
        ProviderProtocol.AnthropicMessages => Configuration.WireFormat.AnthropicMessages,
        ProviderProtocol.OpenAiResponses => Configuration.WireFormat.OpenAiResponses,
        _ => Configuration.WireFormat.OpenAiChat,
    };
}
