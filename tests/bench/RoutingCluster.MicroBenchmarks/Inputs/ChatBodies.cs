using System.Text.Json;

namespace RoutingCluster.MicroBenchmarks.Inputs;

/// <summary>A chat completions body shaped like a coding agent's turn: system prompt, tools, a few turns, streamed.</summary>
public static class ChatBodies
{
    private const string Prose =
        "The build fails in the routing module after the last refactor. The planner now expands every step " +
        "before checking capabilities, and the tests that pin the skip reasons started failing on CI. ";

    /// <summary>About <paramref name="targetBytes"/> bytes of JSON (a little more, never less).</summary>
    public static byte[] Create(string model, int targetBytes = 4_096)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            writer.WriteBoolean("stream", true);
            writer.WriteNumber("max_tokens", 4_096);
            writer.WriteNumber("temperature", 0.2);
            writer.WriteStartArray("tools");
            WriteTool(writer, "read_file", "Read a file of the repository.", "path");
            WriteTool(writer, "run_tests", "Run the test suite and return the failures.", "filter");
            writer.WriteEndArray();
            writer.WriteStartArray("messages");
            WriteMessage(writer, "system", "You are a careful senior engineer. Answer with a plan, then the patch. " + Prose);
            var turn = 0;
            while (buffer.Length + writer.BytesPending < targetBytes - 300)
            {
                WriteMessage(writer, turn % 2 == 0 ? "user" : "assistant", $"Turn {turn}. {Prose}{Prose}");
                turn++;
            }

            WriteMessage(writer, "user", "Please fix it and explain the root cause in two sentences.");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteMessage(Utf8JsonWriter writer, string role, string content)
    {
        writer.WriteStartObject();
        writer.WriteString("role", role);
        writer.WriteString("content", content);
        writer.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter writer, string name, string description, string parameter)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", name);
        writer.WriteString("description", description);
        writer.WriteStartObject("parameters");
        writer.WriteString("type", "object");
        writer.WriteStartObject("properties");
        writer.WriteStartObject(parameter);
        writer.WriteString("type", "string");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartArray("required");
        writer.WriteStringValue(parameter);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
