using System.Text.Json;
using System.Text.Json.Nodes;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;

/// <summary>
/// Typed reads of an OpenAI request's JSON members. A JSON <c>null</c> counts as absent; a member of
/// the wrong type is a <see cref="UntranslatableRequestException"/> naming its path and what was expected.
/// </summary>
internal static class RequestJson
{
    public static JsonNode? Member(JsonObject owner, string name) =>
        owner.TryGetPropertyValue(name, out var value) ? value : null;

    public static JsonObject AsObject(JsonNode? node, string path) =>
        node as JsonObject ?? throw Invalid(path, "an object");

    public static string? OptionalString(JsonObject owner, string name, string path) =>
        Member(owner, name) switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => throw Invalid(Join(path, name), "a string"),
        };

    public static string RequiredString(JsonObject owner, string name, string path) =>
        OptionalString(owner, name, path) ?? throw Invalid(Join(path, name), "a string");

    public static double? OptionalNumber(JsonObject owner, string name) =>
        Member(owner, name) switch
        {
            null => null,
            JsonValue value when value.TryGetValue<double>(out var number) => number,
            _ => throw Invalid(name, "a number"),
        };

    public static long? OptionalInteger(JsonObject owner, string name) =>
        Member(owner, name) switch
        {
            null => null,
            JsonValue value when value.TryGetValue<long>(out var number) => number,
            _ => throw Invalid(name, "an integer"),
        };

    public static bool? OptionalBool(JsonObject owner, string name) =>
        Member(owner, name) switch
        {
            null => null,
            JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
            _ => throw Invalid(name, "true or false"),
        };

    public static JsonArray? OptionalArray(JsonObject owner, string name, string path) =>
        Member(owner, name) switch
        {
            null => null,
            JsonArray array => array,
            _ => throw Invalid(Join(path, name), "an array"),
        };

    /// <summary>The path of member <paramref name="name"/> of the value at <paramref name="path"/> ("" is the request itself).</summary>
    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static UntranslatableRequestException Invalid(string path, string expected) =>
        new($"`{path}` must be {expected}.");
}
