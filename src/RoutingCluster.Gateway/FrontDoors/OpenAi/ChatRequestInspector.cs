using System.Text.Json;
using RoutingCluster.Routing;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.FrontDoors.OpenAi;

/// <summary>
/// Reads only what routing needs from a chat completions body in one forward pass, without
/// building a document: model, stream flags, output cap, tools, images, thinking, and a token
/// estimate (about four characters of text per token, plus a few tokens per message).
/// </summary>
public static class ChatRequestInspector
{
    public static RequestReading Inspect(ReadOnlySpan<byte> body, string? roleHeader) =>
        RequestFields.Read(body, roleHeader, InspectCore);

    private static RequestReading InspectCore(ReadOnlySpan<byte> body, string? roleHeader)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return new RequestReading.Invalid("The request body must be a JSON object.");
        }

        var objectStart = (int)reader.TokenStartIndex;
        string? model = null;
        int modelStart = -1, modelEnd = -1, streamOptionsStart = -1;
        bool stream = false, thinking = false, tools = false, streamOptionsEmpty = false;
        bool? includeUsage = null, hasMessages = null;
        int? maxTokens = null;
        string? effort = null;
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
                    "max_completion_tokens" => RequestFields.Once(ref seen, RoutedFields.MaxCompletionTokens, name),
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
                case "stream_options" when reader.TokenType == JsonTokenType.StartObject:
                    streamOptionsStart = (int)reader.TokenStartIndex;
                    (includeUsage, streamOptionsEmpty) = ReadStreamOptions(ref reader);
                    break;
                case "stream_options":
                    // null or another non-object: left as the client sent it, and not merged into (a second
                    // stream_options key would be ambiguous); usage then settles to the reservation.
                    includeUsage = false;
                    reader.Skip();
                    break;
                case "max_tokens" or "max_completion_tokens":
                    if (!RequestFields.TryReadOutputCap(ref reader, name, nullAllowed: true, out var cap, out var badCap))
                    {
                        return badCap;
                    }

                    maxTokens = cap ?? maxTokens;
                    break;
                case "tools" or "functions" when reader.TokenType == JsonTokenType.StartArray:
                    tools |= text.Tally(ref reader) > 0;
                    break;
                case "reasoning_effort" when reader.TokenType == JsonTokenType.String:
                    thinking = !reader.ValueTextEquals("none") && !reader.ValueTextEquals("minimal");
                    effort = EffortLevels.Normalize(reader.GetString());
                    break;
                case "thinking" when reader.TokenType == JsonTokenType.StartObject:
                    var (thinkingType, budget) = RequestFields.Thinking(ref reader);
                    thinking = thinkingType != "disabled";
                    effort ??= thinking && budget is { } tokens ? EffortLevels.FromBudget(tokens) : null;
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

        var features = new RequestFeatures(model, roleHeader, stream, thinking, tools, text.SawImage, text.EstimatedTokens, maxTokens, effort);
        return new RequestReading.Read(new RequestInspection(features, objectStart, modelStart, modelEnd, streamOptionsStart, streamOptionsEmpty, includeUsage));
    }

    private static (bool? IncludeUsage, bool Empty) ReadStreamOptions(ref Utf8JsonReader reader)
    {
        bool? includeUsage = null;
        var empty = true;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            empty = false;
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("include_usage"))
            {
                reader.Read();
                includeUsage = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return (includeUsage, empty);
    }

}
