using System.Text;
using System.Text.RegularExpressions;
using RoutingCluster.Testing;

namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>
/// The repository's .dockerignore with the documented matching: patterns in order, <c>!</c> makes
/// an exception, the last pattern matching a path (or one of its parent folders) decides, <c>*</c>
/// and <c>?</c> stay within one path segment and <c>**</c> spans any number of them.
/// </summary>
public sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exception)> rules;

    private DockerIgnore(List<(Regex Pattern, bool Exception)> rules) => this.rules = rules;

    public static DockerIgnore Load() => Parse(File.ReadAllText(RepositoryRoot.Combine(".dockerignore")));

    public static DockerIgnore Parse(string text)
    {
        var rules = new List<(Regex, bool)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exception = line.StartsWith('!');
            var pattern = (exception ? line[1..] : line).Trim().Trim('/');
            rules.Add((new Regex("^" + GlobToRegex(pattern) + "$", RegexOptions.CultureInvariant), exception));
        }

        return new DockerIgnore(rules);
    }

    /// <summary>Whether the path (relative to the build context, '/' separated) is sent with the context.</summary>
    public bool Includes(string relativePath)
    {
        var path = relativePath.Replace('\\', '/').Trim('/');
        var candidates = new List<string>();
        for (var end = path.IndexOf('/', StringComparison.Ordinal); end >= 0; end = path.IndexOf('/', end + 1))
        {
            candidates.Add(path[..end]);
        }

        candidates.Add(path);
        var excluded = false;
        foreach (var (pattern, exception) in rules)
        {
            if (candidates.Any(pattern.IsMatch))
            {
                excluded = !exception;
            }
        }

        return !excluded;
    }

    private static string GlobToRegex(string glob)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return regex.ToString();
    }
}
