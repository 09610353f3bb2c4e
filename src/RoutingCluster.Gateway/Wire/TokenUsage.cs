using System.Text.Json;
using RoutingCluster.Configuration;
using RoutingCluster.Stats;

namespace RoutingCluster.Gateway.Wire;

/// <summary>
/// Token counts an upstream reported for one response, as sent: any figure an upstream writes
/// (<c>long.MaxValue</c> included) is carried until <see cref="ClampedTo"/> bounds it by the serving
/// model, which the ledger record and the credential's windows both go through.
/// </summary>
/// <param name="Input">Input tokens, cached ones included.</param>
/// <param name="CacheRead">Of the input, tokens read from the provider's prompt cache.</param>
/// <param name="CacheWrite">Of the input, tokens written to the provider's prompt cache.</param>
public readonly record struct TokenUsage(long Input, long Output, long CacheRead = 0, long CacheWrite = 0)
{
    /// <summary>The bound per figure for a model that declares no context window: ten billion tokens,
    /// a thousand times the largest context windows of today.</summary>
    public const long FallbackMaxFigure = 10_000_000_000;

    /// <summary>Input plus output, stopping at <see cref="long.MaxValue"/> rather than wrapping.</summary>
    public long Total => Saturating.Add(Input, Output);

    /// <summary>
    /// The most one figure of one response can be on <paramref name="model"/>: its context window plus
    /// its max output (the context window again when it declares none), else <see cref="FallbackMaxFigure"/>.
    /// </summary>
    public static long MaxFigure(ModelDefinition model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.ContextWindow > 0 ? (long)model.ContextWindow + (model.MaxOutput ?? model.ContextWindow) : FallbackMaxFigure;
    }

    /// <summary>Every figure within 0 and <see cref="MaxFigure"/>: what the ledger records and costs.</summary>
    public TokenUsage ClampedTo(ModelDefinition model)
    {
        var max = MaxFigure(model);
        return new TokenUsage(Math.Clamp(Input, 0, max), Math.Clamp(Output, 0, max), Math.Clamp(CacheRead, 0, max), Math.Clamp(CacheWrite, 0, max));
    }

    /// <summary>A reported total (<see cref="Total"/>) within 0 and twice <see cref="MaxFigure"/>, the most the
    /// input and output of a clamped usage add up to: what the credential's windows count.</summary>
    public static long? ClampTotal(long? total, ModelDefinition model) =>
        total is { } value ? Math.Clamp(value, 0, 2 * MaxFigure(model)) : null;

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
