namespace RoutingCluster.Configuration;

/// <summary>
/// One problem found while loading the config.
/// </summary>
/// <param name="Source">The config file as the user named it.</param>
/// <param name="Path">Where in the config: <c>roles.plan.chain[2].model</c>,
/// <c>credentials[1](openai-a).apiKey</c>. List indexes are 1-based, as users count, and
/// are followed by the entry's id in parentheses when it has one. <c>(file)</c> and
/// <c>(yaml)</c> mark problems with the file itself or its YAML syntax.</param>
/// <param name="Message">What is wrong, the bad value, and how to fix it. Never a secret.</param>
public sealed record ConfigError(string Source, string Path, string Message)
{
    public const string FilePath = "(file)";
    public const string YamlPath = "(yaml)";

    /// <summary>1-based line in the file, when the problem was found in the YAML itself.</summary>
    public int? Line { get; init; }

    /// <summary>1-based column in the file, when the problem was found in the YAML itself.</summary>
    public int? Column { get; init; }

    public override string ToString() => $"{Source}: {Path}: {Message}";
}
