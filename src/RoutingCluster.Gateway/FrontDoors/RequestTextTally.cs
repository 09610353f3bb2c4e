using System.Text.Json;

namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>
/// Counts the text characters and items under a JSON array (messages, tools, system blocks) for a
/// token estimate, without counting image or document payloads, and notices image content
/// (<c>"type": "image_url" | "input_image" | "image"</c>).
/// </summary>
internal sealed class RequestTextTally
{
    private long _characters;
    private long _items;

    public bool SawImage { get; private set; }

    /// <summary>About four characters of text per token, plus four tokens per item and a few for the request.</summary>
    public long EstimatedTokens => (_characters / 4) + (_items * 4) + 3;

    /// <summary>Counts a plain string value (e.g. a string <c>system</c> prompt).</summary>
    public void AddText(ref Utf8JsonReader reader) => _characters += reader.ValueSpan.Length;

    /// <summary>Counts everything under the array or object the reader is on; returns its direct item count.</summary>
    public int Tally(ref Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        var end = reader.TokenType == JsonTokenType.StartArray ? JsonTokenType.EndArray : JsonTokenType.EndObject;
        var count = 0;
        var skipNextString = false;
        var nextIsType = false;
        while (reader.Read() && !(reader.TokenType == end && reader.CurrentDepth == depth))
        {
            if (reader.CurrentDepth == depth + 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.String)
            {
                count++;
                _items++;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (reader.ValueTextEquals("image_url"))
                    {
                        SawImage = true;
                    }

                    skipNextString = reader.ValueTextEquals("url") || reader.ValueTextEquals("data");
                    nextIsType = reader.ValueTextEquals("type");
                    _characters += reader.ValueSpan.Length;
                    break;
                case JsonTokenType.String:
                    if (nextIsType && (reader.ValueTextEquals("image_url") || reader.ValueTextEquals("input_image") || reader.ValueTextEquals("image")))
                    {
                        SawImage = true;
                    }

                    if (!skipNextString)
                    {
                        _characters += reader.ValueSpan.Length;
                    }

                    skipNextString = false;
                    nextIsType = false;
                    break;
                default:
                    skipNextString = false;
                    nextIsType = false;
                    break;
            }
        }

        return count;
    }
}
