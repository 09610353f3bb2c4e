using System.Text.Json;
using System.Text.RegularExpressions;
using RoutingCluster.Testing;

namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>
/// The repository's Dockerfile, parsed as far as the tests need: instructions (comments dropped,
/// continuation lines joined), stages, and what COPY, ENV, USER, EXPOSE and ENTRYPOINT say.
/// </summary>
public sealed partial class DockerfileModel
{
    private DockerfileModel(IReadOnlyList<DockerfileStage> stages) => Stages = stages;

    public static string DockerfilePath => RepositoryRoot.Combine("Dockerfile");

    public IReadOnlyList<DockerfileStage> Stages { get; }

    public DockerfileStage FinalStage => Stages[^1];

    public DockerfileStage Stage(string name) =>
        Stages.SingleOrDefault(s => s.Name == name) ?? throw new InvalidOperationException($"The Dockerfile has no stage {name}.");

    public static DockerfileModel Load() => Parse(File.ReadAllText(DockerfilePath));

    public static DockerfileModel Parse(string text)
    {
        var instructions = Instructions(text);
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new List<(string Image, string? Name, List<DockerfileInstruction> Body)>();
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                var words = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();
                var image = Substitute(words[0], arguments);
                var name = words.Length >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                stages.Add((image, name, []));
            }
            else if (stages.Count == 0)
            {
                if (instruction.Keyword == "ARG")
                {
                    var parts = instruction.Arguments.Split('=', 2);
                    arguments[parts[0].Trim()] = parts.Length > 1 ? parts[1].Trim() : "";
                }
            }
            else
            {
                stages[^1].Body.Add(instruction);
            }
        }

        return new DockerfileModel(stages.Select(s => new DockerfileStage(s.Image, s.Name, s.Body)).ToList());
    }

    /// <summary>The instructions of <paramref name="stage"/> with <paramref name="keyword"/>.</summary>
    public static IEnumerable<string> Arguments(DockerfileStage stage, string keyword) =>
        stage.Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    /// <summary>
    /// Every path a COPY of <paramref name="stage"/> writes: a file copied into a folder (destination
    /// ending in '/') lands under its own name; a folder's contents land in the destination itself.
    /// </summary>
    public static IReadOnlyList<string> CopyDestinations(DockerfileStage stage) =>
        Copies(stage).SelectMany(c => c.Sources.Select(s => c.Destination.EndsWith('/') && !s.EndsWith('/')
            ? c.Destination + Path.GetFileName(s)
            : c.Destination)).ToList();

    /// <summary>The COPY instructions of <paramref name="stage"/>: their --from stage (null: the build context), sources and destination.</summary>
    public static IReadOnlyList<(string? From, IReadOnlyList<string> Sources, string Destination)> Copies(DockerfileStage stage) =>
        Arguments(stage, "COPY").Select(arguments =>
        {
            var words = Words(arguments);
            var from = words.Where(w => w.StartsWith("--from=", StringComparison.Ordinal)).Select(w => w["--from=".Length..]).SingleOrDefault();
            var paths = words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
            return (from, (IReadOnlyList<string>)paths[..^1], paths[^1]);
        }).ToList();

    /// <summary>The environment <paramref name="stage"/> sets with ENV (KEY=VALUE form; a later ENV wins).</summary>
    public static IReadOnlyDictionary<string, string> Environment(DockerfileStage stage)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in Arguments(stage, "ENV").SelectMany(Words))
        {
            var pair = word.Split('=', 2);
            environment[pair[0]] = pair.Length > 1 ? pair[1] : "";
        }

        return environment;
    }

    /// <summary>An exec-form (JSON array) instruction's words.</summary>
    public static IReadOnlyList<string> ExecForm(string arguments) =>
        JsonSerializer.Deserialize<string[]>(arguments) ?? throw new FormatException($"Not an exec form: {arguments}");

    private static List<DockerfileInstruction> Instructions(string text)
    {
        var result = new List<DockerfileInstruction>();
        var current = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (current.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (line.TrimStart().StartsWith('#'))
            {
                continue; // a comment inside a continued instruction
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            var trimmed = current.Trim();
            var space = trimmed.IndexOfAny([' ', '\t']);
            result.Add(space < 0
                ? new DockerfileInstruction(trimmed.ToUpperInvariant(), "")
                : new DockerfileInstruction(trimmed[..space].ToUpperInvariant(), Spaces().Replace(trimmed[(space + 1)..].Trim(), " ")));
            current = "";
        }

        return result;
    }

    private static string Substitute(string value, IReadOnlyDictionary<string, string> arguments) =>
        Variable().Replace(value, m => arguments.TryGetValue(m.Groups[1].Value + m.Groups[2].Value, out var v) ? v : m.Value);

    private static string[] Words(string arguments) => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();
}
