using System.Text;
using System.Text.Json;

namespace RoutingCluster.Gateway.Wire;

/// <summary>Errors in OpenAI's Responses stream format (the whole-body errors are OpenAI's, <see cref="OpenAiErrors"/>).</summary>
public static class ResponsesErrors
{
    /// <summary>The in-band <c>error</c> event ending a stream that broke after its first byte.</summary>
    public static byte[] StreamErrorEvent(string message, int sequenceNumber)
    {
        var data = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["type"] = "error",
            ["sequence_number"] = sequenceNumber,
            ["code"] = "stream_interrupted",
            ["message"] = message,
            ["param"] = null,
        });
        return Encoding.UTF8.GetBytes($"event: error\ndata: {data}\n\n");
    }
}
