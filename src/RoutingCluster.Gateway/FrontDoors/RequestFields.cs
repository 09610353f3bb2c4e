using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>Reading and checking the request fields both front doors share.</summary>
internal static class RequestFields
{
    /// <summary>Whether a body has what every front door needs; if not, the error to answer.</summary>
    public static bool HasRequired([NotNullWhen(true)] string? model, bool? hasMessages, [NotNullWhen(false)] out string? error)
    {
        error = string.IsNullOrEmpty(model) ? "`model` is required: a role, an alias or a model id (GET /v1/models lists them)."
            : hasMessages != true ? "`messages` is required and must be a non-empty array."
            : null;
        return error is null;
    }

    /// <summary>The <c>type</c> of a <c>thinking</c> object (<c>enabled</c>, <c>disabled</c>, ...), or null when it has none.</summary>
    public static string? ThinkingType(ref Utf8JsonReader reader)
    {
        string? type = null;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("type"))
            {
                reader.Read();
                type = reader.TokenType == JsonTokenType.String ? reader.GetString() : "";
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return type;
    }
}
