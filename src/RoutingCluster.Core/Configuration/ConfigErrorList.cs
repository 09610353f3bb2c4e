namespace RoutingCluster.Configuration;

/// <summary>
/// Collects every <see cref="ConfigError"/> of one load, so the user sees all problems at once
/// instead of fixing them one run at a time. Also owns the path and list spelling, so the YAML
/// shape check and the validator name places the same way.
/// </summary>
internal sealed class ConfigErrorList(string source)
{
    private readonly List<ConfigError> errors = [];

    public string Source { get; } = source;

    public int Count => errors.Count;

    public IReadOnlyList<ConfigError> Errors => errors;

    public void Add(string path, string message) => errors.Add(new ConfigError(Source, path, message));

    public void AddAt(string path, string message, int line, int column) =>
        errors.Add(new ConfigError(Source, path, message) { Line = line, Column = column });

    /// <summary><c>providers[2](openai)</c>: 1-based, with the entry's id when it has one.</summary>
    public static string Item(string list, int index, string? id) =>
        string.IsNullOrWhiteSpace(id) ? $"{list}[{index}]" : $"{list}[{index}]({id})";

    public static string Child(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    /// <summary>A list for a message: <c>a, b, c</c>, or <c>(none)</c>.</summary>
    public static string Names(IEnumerable<string> names)
    {
        var joined = string.Join(", ", names);
        return joined.Length == 0 ? "(none)" : joined;
    }
}
