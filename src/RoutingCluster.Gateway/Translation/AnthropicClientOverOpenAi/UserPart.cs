namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>A piece of an OpenAI user message: text, or an image URL (a data URL for inline images).</summary>
internal readonly record struct UserPart(string Value, bool IsImage);
