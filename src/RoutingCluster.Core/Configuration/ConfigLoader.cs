using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace RoutingCluster.Configuration;

/// <summary>
/// Reads the gateway's YAML into a validated <see cref="GatewayDefinition"/>. Never throws for a bad
/// file: every problem (syntax, unknown keys, wrong types, invalid values) comes back as a
/// <see cref="ConfigError"/>, all of them at once.
/// </summary>
public static class ConfigLoader
{
    // Unknown keys are reported by ConfigShapeChecker with their position; the deserializer skips them.
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    /// <param name="registered">The strategies and protocols the host can serve; anything else is an error.</param>
    /// <param name="maxBytes">A larger file is refused unread (see <see cref="ConfigFileReader"/>).</param>
    public static ConfigLoadResult LoadFile(string path, ISecretResolver secrets, RegisteredNames registered, long maxBytes = ConfigFileReader.DefaultMaxBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ConfigFileReader.Read(path, path, maxBytes) switch
        {
            ConfigFileRead.Text text => Load(text.Content, path, secrets, registered),
            ConfigFileRead.TooLarge tooLarge => ConfigLoadResult.Failure([tooLarge.Error]),
            ConfigFileRead.Unreadable unreadable => ConfigLoadResult.Failure([unreadable.Error]),
            _ => throw new InvalidOperationException("Unknown config file read."),
        };
    }

    /// <param name="registered">The strategies and protocols the host can serve; anything else is an error.</param>
    public static ConfigLoadResult Load(string yamlText, string sourceName, ISecretResolver secrets, RegisteredNames registered)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(registered);
        var errors = new ConfigErrorList(sourceName);
        var config = Parse(yamlText, errors);
        return config is null ? ConfigLoadResult.Failure(errors.Errors) : ConfigValidator.Validate(config, errors, secrets, registered);
    }

    /// <summary>The deserialized config, or null when the YAML cannot be read into one (errors say why).</summary>
    private static GatewayConfig? Parse(string yamlText, ConfigErrorList errors)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yamlText));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            var start = ex.Start;
            errors.AddAt(ConfigError.YamlPath, $"YAML syntax error at line {start.Line}, column {start.Column}: {ex.Message}", (int)start.Line, (int)start.Column);
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner sometimes fails without a position; the last event read is near it.
            var near = parser.Current?.End ?? Mark.Empty;
            errors.AddAt(ConfigError.YamlPath, $"YAML syntax error after line {near.Line}, column {near.Column}; check for an unclosed bracket or quote", (int)near.Line, (int)near.Column);
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: "" or "~" or "null" })
        {
            errors.Add(ConfigError.FilePath, "the config is empty; declare providers, credentials, models and roles");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            errors.AddAt(ConfigError.YamlPath, $"the file holds {stream.Documents.Count} YAML documents (the second starts at line {second.Line}); keep one", (int)second.Line, (int)second.Column);
            return null;
        }

        if (!ConfigShapeChecker.Check(stream.Documents[0].RootNode, errors))
        {
            return null;
        }

        try
        {
            return Deserializer.Deserialize<GatewayConfig>(yamlText);
        }
        catch (YamlException ex)
        {
            // The shape check should have caught this; keep whatever the deserializer knows.
            var reason = ex.InnerException?.Message ?? ex.Message;
            errors.AddAt(ConfigError.YamlPath, $"cannot read the value at line {ex.Start.Line}, column {ex.Start.Column}: {reason}", (int)ex.Start.Line, (int)ex.Start.Column);
            return null;
        }
    }
}
