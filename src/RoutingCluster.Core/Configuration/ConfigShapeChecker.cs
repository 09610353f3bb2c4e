using System.Globalization;
using System.Reflection;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization.NamingConventions;

namespace RoutingCluster.Configuration;

/// <summary>
/// Walks the YAML tree against the shape of <see cref="GatewayConfig"/> before deserializing, so
/// unknown keys, lists where a mapping belongs and non-numbers in number fields are all reported,
/// each with its line and column, rather than only the first one the deserializer trips on.
/// </summary>
internal static class ConfigShapeChecker
{
    private static readonly string[] BoolWords = ["true", "false", "yes", "no", "on", "off", "y", "n"];

    /// <summary>Returns false when the deserializer would fail on the tree (a wrong shape or a bad
    /// scalar). Unknown keys are reported but return true: the deserializer skips them.</summary>
    public static bool Check(YamlNode root, ConfigErrorList errors) => CheckNode(root, typeof(GatewayConfig), "", errors);

    private static bool CheckNode(YamlNode node, Type type, string path, ConfigErrorList errors)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "" or "~" or "null" or null })
        {
            return true; // an explicit null is "not set", which the validator judges
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            return node is YamlSequenceNode sequence
                ? CheckSequence(sequence, type.GetGenericArguments()[0], path, errors)
                : Mismatch(node, path, "a list (lines starting with `- `)", errors);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            if (node is not YamlMappingNode map)
            {
                return Mismatch(node, path, "a mapping of names to entries", errors);
            }

            var ok = true;
            foreach (var (key, value) in map.Children)
            {
                ok &= CheckNode(value, type.GetGenericArguments()[1], ConfigErrorList.Child(path, KeyText(key)), errors);
            }

            return ok;
        }

        if (type == typeof(string) || type.IsPrimitive || type == typeof(decimal))
        {
            return node is YamlScalarNode scalar
                ? CheckScalar(scalar, type, path, errors)
                : Mismatch(node, path, "a single value", errors);
        }

        return node is YamlMappingNode mapping
            ? CheckMapping(mapping, type, path, errors)
            : Mismatch(node, path, "a mapping (`key: value` lines)", errors);
    }

    private static bool CheckSequence(YamlSequenceNode sequence, Type itemType, string path, ConfigErrorList errors)
    {
        var ok = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var id = item is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("id"), out var idNode)
                && idNode is YamlScalarNode idScalar ? idScalar.Value : null;
            ok &= CheckNode(item, itemType, $"{path}{ConfigErrorList.Item("", i + 1, id)}", errors);
        }

        return ok;
    }

    private static bool CheckMapping(YamlMappingNode mapping, Type type, string path, ConfigErrorList errors)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => CamelCaseNamingConvention.Instance.Apply(p.Name), StringComparer.Ordinal);
        var ok = true;
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = KeyText(keyNode);
            var childPath = ConfigErrorList.Child(path, key);
            if (properties.TryGetValue(key, out var property))
            {
                ok &= CheckNode(value, property.PropertyType, childPath, errors);
                continue;
            }

            var section = path.Length == 0 ? "at the top level" : $"in `{path}`";
            errors.AddAt(childPath,
                $"unknown key `{key}` {section} (line {keyNode.Start.Line}, column {keyNode.Start.Column}); allowed keys: {ConfigErrorList.Names(properties.Keys)}",
                (int)keyNode.Start.Line, (int)keyNode.Start.Column);
        }

        return ok;
    }

    private static bool CheckScalar(YamlScalarNode scalar, Type type, string path, ConfigErrorList errors)
    {
        var text = (scalar.Value ?? "").Replace("_", "", StringComparison.Ordinal);
        var invariant = CultureInfo.InvariantCulture;
        var (valid, expected) = type switch
        {
            _ when type == typeof(int) => (int.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out _), "a whole number"),
            _ when type == typeof(long) => (long.TryParse(text, NumberStyles.AllowLeadingSign, invariant, out _), "a whole number"),
            _ when type == typeof(double) => (double.TryParse(text, NumberStyles.Float, invariant, out _), "a number"),
            _ when type == typeof(decimal) => (decimal.TryParse(text, NumberStyles.Float, invariant, out _), "a number"),
            _ when type == typeof(bool) => (BoolWords.Contains(text.ToLowerInvariant()), "true or false"),
            _ => (true, ""),
        };
        if (!valid)
        {
            errors.AddAt(path,
                $"`{scalar.Value}` is not {expected} (line {scalar.Start.Line}, column {scalar.Start.Column})",
                (int)scalar.Start.Line, (int)scalar.Start.Column);
        }

        return valid;
    }

    private static bool Mismatch(YamlNode node, string path, string expected, ConfigErrorList errors)
    {
        var found = node switch
        {
            YamlSequenceNode => "a list",
            YamlMappingNode => "a mapping",
            _ => "a single value",
        };
        errors.AddAt(path.Length == 0 ? ConfigError.YamlPath : path,
            $"expected {expected} here, found {found} (line {node.Start.Line}, column {node.Start.Column})",
            (int)node.Start.Line, (int)node.Start.Column);
        return false;
    }

    private static string KeyText(YamlNode key) => key is YamlScalarNode scalar ? scalar.Value ?? "" : key.ToString();
}
