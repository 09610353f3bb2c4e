using System.Globalization;
using System.Text.Json;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>Reading rendered objects: a dotted path of property names and [index] steps.</summary>
public static class JsonPaths
{
    /// <summary>The element at <paramref name="path"/> (e.g. <c>spec.template.spec.containers[0].name</c>); fails naming the missing step.</summary>
    public static JsonElement At(this JsonElement element, string path) =>
        element.Find(path) ?? throw new KeyNotFoundException($"no `{path}` in {Shorten(element)}");

    /// <summary>The element at <paramref name="path"/>, or null when a step is missing.</summary>
    public static JsonElement? Find(this JsonElement element, string path)
    {
        var current = element;
        foreach (var step in Steps(path))
        {
            if (step is int index)
            {
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
            }
            else if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty((string)step, out current))
            {
                return null;
            }
        }

        return current;
    }

    public static string Text(this JsonElement element, string path) =>
        element.At(path).GetString() ?? throw new InvalidOperationException($"`{path}` is null");

    public static int Number(this JsonElement element, string path) => element.At(path).GetInt32();

    public static IReadOnlyList<JsonElement> Items(this JsonElement element, string path) => [.. element.At(path).EnumerateArray()];

    /// <summary>An object of string values (labels, selectors) as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> Strings(this JsonElement element, string path) =>
        element.At(path).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);

    private static IEnumerable<object> Steps(string path)
    {
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            yield return bracket < 0 ? part : part[..bracket];
            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                yield return int.Parse(part[(bracket + 1)..close], CultureInfo.InvariantCulture);
                bracket = part.IndexOf('[', close);
            }
        }
    }

    private static string Shorten(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 300 ? text : text[..300] + "...";
    }
}
