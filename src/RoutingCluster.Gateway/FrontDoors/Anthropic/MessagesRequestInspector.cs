using System.Text.Json;
using RoutingCluster.Routing;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.FrontDoors.Anthropic;

/// <summary>
/// Reads what routing needs from an Anthropic Messages body in one forward pass: model, stream,
/// max_tokens, tools, images, extended thinking, and the token estimate (system prompt, messages
/// and tool definitions, about four characters a token).
/// </summary>
public static class MessagesRequestInspector
{
    /// <param name="requireMaxTokens">False for <c>count_tokens</c>, whose body has no <c>max_tokens</c>.</param>
    public static RequestReading Inspect(ReadOnlySpan<byte> body, string? roleHeader, bool requireMaxTokens = true) =>
        RequestFields.Read(body, (roleHeader, requireMaxTokens), static (body, state) => InspectCore(body, state.roleHeader, state.requireMaxTokens));

    /// <summary>With thinking on: the named effort, else the budget's level, else (adaptive) high, Anthropic's default.</summary>
    private static string? AnthropicEffort(bool thinking, string? type, long? budget, string? named) =>
        !thinking ? null
            : EffortLevels.Normalize(named) ?? (budget is { } tokens ? EffortLevels.FromBudget(tokens) : type == "adaptive" ? EffortLevels.High : null);

    private static RequestReading InspectCore(ReadOnlySpan<byte> body, string? roleHeader, bool requireMaxTokens)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return new RequestReading.Invalid("The request body must be a JSON object.");
        }

        var objectStart = (int)reader.TokenStartIndex;
        string? model = null;
        int modelStart = -1, modelEnd = -1;
        bool stream = false, thinking = false, tools = false;
        bool? hasMessages = null;
        int? maxTokens = null;
        string? thinkingType = null, namedEffort = null;
        long? budget = null;
        var text = new RequestTextTally();
        var seen = RoutedFields.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            if (name switch
                {
                    "model" => RequestFields.Once(ref seen, RoutedFields.Model, name),
                    "stream" => RequestFields.Once(ref seen, RoutedFields.Stream, name),
                    "max_tokens" => RequestFields.Once(ref seen, RoutedFields.MaxTokens, name),
                    _ => null,
                } is { } duplicate)
            {
                return duplicate;
            }

            reader.Read();
            switch (name)
            {
                case "model" when reader.TokenType == JsonTokenType.String:
                    model = reader.GetString();
                    modelStart = (int)reader.TokenStartIndex;
                    modelEnd = (int)reader.BytesConsumed;
                    break;
                case "stream":
                    stream = reader.TokenType == JsonTokenType.True;
                    reader.Skip();
                    break;
                case "max_tokens":
                    if (!RequestFields.TryReadOutputCap(ref reader, name, nullAllowed: !requireMaxTokens, out maxTokens, out var badCap))
                    {
                        return badCap;
                    }

                    break;
                case "system" when reader.TokenType == JsonTokenType.String:
                    text.AddText(ref reader);
                    break;
                case "system" when reader.TokenType == JsonTokenType.StartArray:
                    text.Tally(ref reader);
                    break;
                case "tools" when reader.TokenType == JsonTokenType.StartArray:
                    tools |= text.Tally(ref reader) > 0;
                    break;
                case "thinking" when reader.TokenType == JsonTokenType.StartObject:
                    (thinkingType, budget) = RequestFields.Thinking(ref reader);
                    thinking = thinkingType is "enabled" or "adaptive";
                    break;
                case "output_config" when reader.TokenType == JsonTokenType.StartObject:
                    namedEffort = RequestFields.StringMember(ref reader, "effort");
                    break;
                case "messages" when reader.TokenType == JsonTokenType.StartArray:
                    hasMessages = text.Tally(ref reader) > 0;
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (RequestFields.AfterObject(ref reader) is { } trailing)
        {
            return trailing;
        }

        if (!RequestFields.HasRequired(model, hasMessages, out var missing))
        {
            return new RequestReading.Invalid(missing);
        }

        if (maxTokens is null && requireMaxTokens)
        {
            return new RequestReading.Invalid("`max_tokens` is required and must be a positive integer.");
        }

        var features = new RequestFeatures(model, roleHeader, stream, thinking, tools, text.SawImage, text.EstimatedTokens, maxTokens,
            AnthropicEffort(thinking, thinkingType, budget, namedEffort));

        // IncludeUsage: true -- Anthropic streams always report usage; nothing is ever injected.
        return new RequestReading.Read(new RequestInspection(features, objectStart, modelStart, modelEnd, -1, false, true));
    }

}
