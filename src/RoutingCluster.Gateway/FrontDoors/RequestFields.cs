using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Unicode;

namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>Reading and checking the request fields both front doors share.</summary>
internal static class RequestFields
{
    /// <summary>A body reader's core: reads one body, or throws what malformed JSON makes <see cref="Utf8JsonReader"/> throw.</summary>
    public delegate RequestReading Reader<in TState>(ReadOnlySpan<byte> body, TState state);

    /// <summary>
    /// Runs a front door's body reader with the checks every body gets first and the refusals every
    /// malformed body gets: not UTF-8, not JSON, an escaped lone surrogate (which only fails when a
    /// string is read), or anything after the one JSON value.
    /// </summary>
    public static RequestReading Read<TState>(ReadOnlySpan<byte> body, TState state, Reader<TState> read)
    {
        if (!Utf8.IsValid(body))
        {
            return new RequestReading.Invalid("The request body is not valid UTF-8.");
        }

        try
        {
            return read(body, state);
        }
        catch (JsonException ex)
        {
            return new RequestReading.Invalid($"The request body is not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString on a string escaping half of a surrogate pair ("\ud800").
            return new RequestReading.Invalid("The request body has a string that is not valid Unicode (an unpaired surrogate escape such as \\ud800).");
        }
    }

    /// <summary>After the top-level object's end: refuses anything but whitespace (a second value throws <see cref="JsonException"/>).</summary>
    public static RequestReading.Invalid? AfterObject(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0 && !reader.Read()
            ? null
            : new RequestReading.Invalid("The request body must be one JSON object and nothing after it.");

    /// <summary>Refuses a field the gateway routes on when it appears twice: the gateway and the upstream could read different values.</summary>
    public static RequestReading.Invalid? Once(ref RoutedFields seen, RoutedFields field, string name)
    {
        if ((seen & field) != 0)
        {
            return new RequestReading.Invalid($"`{name}` appears more than once in the request body; send it once.");
        }

        seen |= field;
        return null;
    }

    /// <summary>A string member of the object the reader stands on (e.g. the <c>effort</c> of Anthropic's
    /// <c>output_config</c> or of a Responses <c>reasoning</c>), as written, or null when it has none.</summary>
    public static string? StringMember(ref Utf8JsonReader reader, string member)
    {
        string? value = null;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals(member))
            {
                reader.Read();
                value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return value;
    }

    /// <summary>
    /// An output cap (<c>max_tokens</c>, <c>max_completion_tokens</c>): a positive 32-bit integer, or
    /// null (only where <paramref name="nullAllowed"/>) meaning none.
    /// </summary>
    public static bool TryReadOutputCap(ref Utf8JsonReader reader, string name, bool nullAllowed, out int? cap, [NotNullWhen(false)] out RequestReading.Invalid? invalid)
    {
        cap = null;
        invalid = null;
        if (reader.TokenType == JsonTokenType.Null && nullAllowed)
        {
            return true;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) && value > 0)
        {
            cap = value;
            return true;
        }

        reader.Skip();
        invalid = new RequestReading.Invalid($"`{name}` must be a positive integer (at most {int.MaxValue}).");
        return false;
    }

    /// <summary>Whether a body has what every front door needs; if not, the error to answer.</summary>
    public static bool HasRequired([NotNullWhen(true)] string? model, bool? hasMessages, [NotNullWhen(false)] out string? error)
    {
        error = string.IsNullOrEmpty(model) ? "`model` is required: a role, an alias or a model id (GET /v1/models lists them)."
            : hasMessages != true ? "`messages` is required and must be a non-empty array."
            : null;
        return error is null;
    }

    /// <summary>The <c>type</c> of a <c>thinking</c> object (<c>enabled</c>, <c>adaptive</c>, <c>disabled</c>, ...),
    /// null when it has none, and its <c>budget_tokens</c> when it is a whole number.</summary>
    public static (string? Type, long? Budget) Thinking(ref Utf8JsonReader reader)
    {
        string? type = null;
        long? budget = null;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("type"))
            {
                reader.Read();
                type = reader.TokenType == JsonTokenType.String ? reader.GetString() : "";
            }
            else if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("budget_tokens"))
            {
                reader.Read();
                budget = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var tokens) ? tokens : null;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return (type, budget);
    }
}
