using System.Text.Encodings.Web;
using System.Text.Json;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;

/// <summary>Shared pieces of the OpenAI-format JSON this translator writes.</summary>
internal static class OpenAiJson
{
    /// <summary>Bodies go to API clients, never into HTML, so non-ASCII text need not be escaped.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The OpenAI <c>usage</c> object; prompt tokens include cached ones, as in OpenAI's own usage.</summary>
    public static void WriteUsage(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("prompt_tokens"u8, usage.Input);
        writer.WriteNumber("completion_tokens"u8, usage.Output);
        writer.WriteNumber("total_tokens"u8, usage.Total);
        writer.WriteStartObject("prompt_tokens_details"u8);
        writer.WriteNumber("cached_tokens"u8, usage.CacheRead);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>OpenAI's finish_reason for an Anthropic stop_reason.</summary>
    public static string FinishReason(string? stopReason) => stopReason switch
    {
        "max_tokens" or "model_context_window_exceeded" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",
        _ => "stop", // end_turn, stop_sequence, pause_turn, and anything newer
    };
}
