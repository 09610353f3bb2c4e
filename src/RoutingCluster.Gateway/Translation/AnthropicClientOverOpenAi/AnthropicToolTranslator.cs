using System.Text.Json;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>
/// Client tools become OpenAI function tools; <c>tool_choice</c> and <c>parallel_tool_calls</c> are
/// written only when tools are, since OpenAI rejects them alone. Anthropic server tools (web search,
/// code execution, ...) run at Anthropic and cannot be offered to another provider: they are refused.
/// </summary>
internal static class AnthropicToolTranslator
{
    public static void WriteTools(Utf8JsonWriter writer, JsonElement request)
    {
        if (Json.Property(request, "tools") is not { } tools)
        {
            return;
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw new UntranslatableRequestException("`tools` must be an array of tool definitions.");
        }

        if (tools.GetArrayLength() == 0)
        {
            return;
        }

        writer.WriteStartArray("tools");
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            WriteTool(writer, tool, $"tools[{i++}]");
        }

        writer.WriteEndArray();
        WriteToolChoice(writer, request);
    }

    private static void WriteTool(Utf8JsonWriter writer, JsonElement tool, string path)
    {
        Json.RequiredObject(tool, path);
        var name = Json.RequiredString(tool, "name", path);
        if (Json.String(tool, "type", path) is { } type && type != "custom")
        {
            throw new UntranslatableRequestException(
                $"`{path}` (`{name}`) is the Anthropic server tool `{type}`, which an OpenAI-format upstream cannot run. Route this request to an Anthropic upstream.");
        }

        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", name);
        if (Json.String(tool, "description", path) is { } description)
        {
            writer.WriteString("description", description);
        }

        writer.WritePropertyName("parameters");
        if (Json.Property(tool, "input_schema") is { } schema)
        {
            Json.RequiredObject(schema, $"{path}.input_schema").WriteTo(writer);
        }
        else
        {
            writer.WriteRawValue("""{"type":"object","properties":{}}""");
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteToolChoice(Utf8JsonWriter writer, JsonElement request)
    {
        if (Json.Property(request, "tool_choice") is not { } choice)
        {
            return;
        }

        Json.RequiredObject(choice, "tool_choice");
        switch (Json.RequiredString(choice, "type", "tool_choice"))
        {
            case "auto":
                writer.WriteString("tool_choice", "auto");
                break;
            case "any":
                writer.WriteString("tool_choice", "required");
                break;
            case "none":
                writer.WriteString("tool_choice", "none");
                break;
            case "tool":
                writer.WriteStartObject("tool_choice");
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", Json.RequiredString(choice, "name", "tool_choice"));
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case var type:
                throw new UntranslatableRequestException($"`tool_choice.type` is `{type}`; expected `auto`, `any`, `tool` or `none`.");
        }

        if (Json.Property(choice, "disable_parallel_tool_use") is { ValueKind: JsonValueKind.True })
        {
            writer.WriteBoolean("parallel_tool_calls", false);
        }
    }
}
