using System.Text.Json;
using System.Text.Json.Nodes;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;

/// <summary>
/// Converts OpenAI tool definitions, tool choice and assistant tool calls into their Anthropic
/// forms. Only <c>function</c> tools exist on both sides; anything else is refused.
/// </summary>
internal static class OpenAiToolTranslator
{
    public static JsonArray Tools(JsonArray tools)
    {
        var result = new JsonArray();
        for (var i = 0; i < tools.Count; i++)
        {
            var path = $"tools[{i}]";
            var function = Function(RequestJson.AsObject(tools[i], path), path);
            var tool = new JsonObject { ["name"] = RequestJson.RequiredString(function, "name", $"{path}.function") };
            if (RequestJson.OptionalString(function, "description", $"{path}.function") is { } description)
            {
                tool["description"] = description;
            }

            tool["input_schema"] = RequestJson.Member(function, "parameters") switch
            {
                null => new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() },
                JsonObject parameters => parameters.DeepClone(),
                _ => throw RequestJson.Invalid($"{path}.function.parameters", "a JSON schema object"),
            };
            result.Add(tool);
        }

        return result;
    }

    /// <summary>The Anthropic tool_choice, or null when the default (auto, parallel allowed) applies.</summary>
    public static JsonObject? ToolChoice(JsonNode? choice, bool? parallelToolCalls)
    {
        var result = choice switch
        {
            null => new JsonObject { ["type"] = "auto" },
            JsonValue value when value.TryGetValue<string>(out var mode) => mode switch
            {
                "auto" => new JsonObject { ["type"] = "auto" },
                "required" => new JsonObject { ["type"] = "any" },
                "none" => new JsonObject { ["type"] = "none" },
                _ => throw new UntranslatableRequestException($"`tool_choice` is `{mode}`; expected auto, required, none or a function."),
            },
            JsonObject named => new JsonObject { ["type"] = "tool", ["name"] = RequestJson.RequiredString(Function(named, "tool_choice"), "name", "tool_choice.function") },
            _ => throw RequestJson.Invalid("tool_choice", "a string or an object"),
        };

        var type = result["type"]!.GetValue<string>();
        if (parallelToolCalls == false && type != "none")
        {
            result["disable_parallel_tool_use"] = true;
        }
        else if (choice is null)
        {
            return null;
        }

        return result;
    }

    /// <summary>An assistant tool call as a tool_use block; its arguments string must hold a JSON object.</summary>
    public static JsonObject ToolUse(JsonObject call, string path)
    {
        var function = Function(call, path);
        var arguments = RequestJson.OptionalString(function, "arguments", $"{path}.function") ?? "";
        JsonNode? input;
        try
        {
            // Some clients send "" for a call without arguments.
            input = string.IsNullOrWhiteSpace(arguments) ? new JsonObject() : JsonNode.Parse(arguments);
        }
        catch (JsonException e)
        {
            throw new UntranslatableRequestException($"`{path}.function.arguments` is not valid JSON ({e.Message}); the Anthropic upstream needs the tool input as a JSON object.");
        }

        return new JsonObject
        {
            ["type"] = "tool_use",
            ["id"] = RequestJson.RequiredString(call, "id", path),
            ["name"] = RequestJson.RequiredString(function, "name", $"{path}.function"),
            ["input"] = input as JsonObject ?? throw new UntranslatableRequestException($"`{path}.function.arguments` must be a JSON object, for the Anthropic upstream's tool input."),
        };
    }

    private static JsonObject Function(JsonObject owner, string path)
    {
        var type = RequestJson.OptionalString(owner, "type", path) ?? "function";
        if (type != "function")
        {
            throw new UntranslatableRequestException($"`{path}.type` is `{type}`; the Anthropic upstream only takes function tools.");
        }

        return RequestJson.AsObject(RequestJson.Member(owner, "function"), $"{path}.function");
    }
}
