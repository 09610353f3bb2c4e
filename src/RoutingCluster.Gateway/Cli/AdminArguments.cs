namespace RoutingCluster.Gateway.Cli;

/// <summary>
/// The command line of a verb that calls a running node's admin API: <c>--url</c> and <c>--key</c>,
/// which every such verb takes, plus the verb's own <c>--options</c> and positional arguments. Both
/// <c>--name value</c> and <c>--name=value</c> are accepted.
/// </summary>
/// <param name="Key">As given: the key itself, or <c>env:NAME</c> / <c>file:PATH</c> (resolved by <see cref="AdminClient"/>).</param>
public sealed record AdminArguments(string Url, string? Key, IReadOnlyDictionary<string, string> Options, IReadOnlyList<string> Positionals)
{
    public const string DefaultUrl = "http://127.0.0.1:8787";

    /// <param name="verbOptions">The verb's own option names besides <c>--url</c> and <c>--key</c>, e.g. <c>--since</c>.</param>
    public static bool TryParse(string[] args, IReadOnlyCollection<string> verbOptions, out AdminArguments parsed, out string problem)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(verbOptions);
        string url = DefaultUrl;
        string? key = null;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var positionals = new List<string>();
        parsed = new AdminArguments(url, key, options, positionals);
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                positionals.Add(args[i]);
                continue;
            }

            var (name, value) = args[i].Split('=', 2) is [var n, var v] ? (n, (string?)v) : (args[i], null);
            if (name is not ("--url" or "--key") && !verbOptions.Contains(name))
            {
                problem = $"Unknown argument `{args[i]}`.";
                return false;
            }

            if (value is null)
            {
                if (i + 1 >= args.Length)
                {
                    problem = $"`{name}` needs a value.";
                    return false;
                }

                value = args[++i];
            }

            switch (name)
            {
                case "--url":
                    url = value;
                    break;
                case "--key":
                    key = value;
                    break;
                default:
                    options[name] = value;
                    break;
            }
        }

        parsed = new AdminArguments(url, key, options, positionals);
        return true;
    }

    public string? Option(string name) => Options.GetValueOrDefault(name);
}
