using System.Text.Json;

namespace RoutingCluster.Gateway.Wire;

/// <summary>Token counts an upstream reported for one response.</summary>
/// <param name="Input">Input tokens, cached ones included.</param>
/// <param name="CacheRead">Of the input, tokens read from the provider's prompt cache.</param>
/// <param name="CacheWrite">Of the input, tokens written to the provider's prompt cache.</param>
public readonly record struct TokenUsage(long Input, long Output, long CacheRead = 0, long CacheWrite = 0)
{
    public long Total => Input + Output;

    /// <summary>Reads the top-level <c>usage</c> object of an OpenAI response or chunk.</summary>
    /// <param name="onlyUsage">True when the JSON is a usage-only chunk (<c>choices</c> empty).</param>
    public static TokenUsage? TryRead(ReadOnlySpan<byte> json, out bool onlyUsage)
    {
        onlyUsage = false;
        if (json.IndexOf("\"usage\""u8) < 0)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            TokenUsage? usage = null;
            var emptyChoices = false;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("usage"))
                {
                    reader.Read();
                    usage = ReadUsage(ref reader);
                }
                else if (reader.ValueTextEquals("choices"))
                {
                    reader.Read();
                    var lookahead = reader;
                    emptyChoices = reader.TokenType == JsonTokenType.StartArray && lookahead.Read() && lookahead.TokenType == JsonTokenType.EndArray;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            onlyUsage = usage is not null && emptyChoices;
            return usage;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TokenUsage? ReadUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        long input = 0, output = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isInput = reader.ValueTextEquals("prompt_tokens");
            var isOutput = reader.ValueTextEquals("completion_tokens");
            reader.Read();
            if (reader.TokenType == JsonTokenType.Number && (isInput || isOutput) && reader.TryGetInt64(out var value) && value >= 0)
            {
                input = isInput ? value : input;
                output = isOutput ? value : output;
            }
            else
            {
                reader.Skip();
            }
        }

        return new TokenUsage(input, output);
    }
}
