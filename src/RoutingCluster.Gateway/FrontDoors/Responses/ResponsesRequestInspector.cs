using System.Text.Json;
using RoutingCluster.Gateway.Wire;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.FrontDoors.Responses;

/// <summary>
/// Reads what routing needs from an OpenAI Responses body in one forward pass: model, stream,
/// <c>max_output_tokens</c>, tools, images, <c>reasoning.effort</c>, and the token estimate
/// (<c>instructions</c> and <c>input</c>, about four characters a token).
/// </summary>
public static class ResponsesRequestInspector
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
        string? model = null, effort = null;
        int modelStart = -1, modelEnd = -1;
        bool stream = false, tools = false, hasInput = false;
        int? maxTokens = null;
        var text = new RequestTextTally();
        var seen = RoutedFields.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            if (name switch
                {
                    "model" => RequestFields.Once(ref seen, RoutedFields.Model, name),
                    "stream" => RequestFields.Once(ref seen, RoutedFields.Stream, name),
                    "max_output_tokens" => RequestFields.Once(ref seen, RoutedFields.MaxTokens, name),
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
                case "max_output_tokens":
                    if (!RequestFields.TryReadOutputCap(ref reader, name, nullAllowed: true, out var cap, out var badCap))
                    {
                        return badCap;
                    }

                    maxTokens = cap;
                    break;
                case "instructions" when reader.TokenType == JsonTokenType.String:
                    text.AddText(ref reader);
                    break;
                case "input" when reader.TokenType == JsonTokenType.String:
                    hasInput = reader.ValueSpan.Length > 0;
                    text.AddText(ref reader);
                    break;
                case "input" when reader.TokenType == JsonTokenType.StartArray:
                    hasInput = text.Tally(ref reader) > 0;
                    break;
                case "tools" when reader.TokenType == JsonTokenType.StartArray:
                    tools |= text.Tally(ref reader) > 0;
                    break;
                case "reasoning" when reader.TokenType == JsonTokenType.StartObject:
                    effort = EffortLevels.Normalize(RequestFields.StringMember(ref reader, "effort"));
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

        if (string.IsNullOrEmpty(model))
        {
            return new RequestReading.Invalid("`model` is required: a role, an alias or a model id (GET /v1/models lists them).");
        }

        if (!hasInput)
        {
            return new RequestReading.Invalid("`input` is required: a non-empty string or a non-empty array of input items.");
        }

        var features = new RequestFeatures(model, roleHeader, stream, effort is not null, tools, text.SawImage, text.EstimatedTokens, maxTokens, effort);
        // IncludeUsage: true -- Responses streams always end with the usage; nothing is ever injected.
        return new RequestReading.Read(new RequestInspection(features, objectStart, modelStart, modelEnd, -1, false, true));
    }
}
