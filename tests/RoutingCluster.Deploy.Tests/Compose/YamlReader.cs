using System.Text.Json.Nodes;
using Xunit;

namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>
/// Reads YAML as JSON through the pinned npm package <c>yaml</c> (installed beside dclint by
/// <c>ensure_compose_tools</c>), with merge keys (<c>&lt;&lt;: *anchor</c>) resolved: a full YAML
/// parser rather than a hand-written subset.
/// </summary>
public static class YamlReader
{
    private const string Script = """
        const YAML = require(process.argv[1]);
        const text = require('fs').readFileSync(0, 'utf8');
        const doc = YAML.parseDocument(text, { merge: true });
        if (doc.errors.length > 0) { console.error(doc.errors.map(e => e.message).join('\n')); process.exit(2); }
        process.stdout.write(JSON.stringify(doc.toJS() ?? null));
        """;

    public static JsonNode Load(string path) => Parse(File.ReadAllText(path), path);

    public static JsonNode Parse(string yaml, string source = "YAML text")
    {
        var run = ExternalTool.Run(ExternalTool.Node, ["-e", Script, Path.Combine(ExternalTool.NodeModules, "yaml")], standardInput: yaml);
        Assert.True(run.ExitCode == 0, $"{source} is not valid YAML: {run.Describe()}");
        return JsonNode.Parse(run.Stdout) ?? throw new InvalidOperationException($"{source} is empty.");
    }
}
