using System.Globalization;
using System.Xml.Linq;
using Xunit;
using RoutingCluster.Testing;

namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>The gateway image as the Dockerfile and .dockerignore describe it (no engine here to build it).</summary>
public sealed class DockerfileTests
{
    private const string GatewayProject = "src/RoutingCluster.Gateway/RoutingCluster.Gateway.csproj";

    private readonly DockerfileModel dockerfile = DockerfileModel.Load();

    [Fact]
    public void Builds_with_the_dotnet_10_sdk_and_runs_on_the_aspnet_10_runtime()
    {
        Assert.Equal(2, dockerfile.Stages.Count);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", dockerfile.Stages[0].Image);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile.FinalStage.Image);
    }

    [Fact]
    public void Publishes_the_gateway_in_release_to_app_and_runs_it_from_there()
    {
        var build = dockerfile.Stages[0];
        var publish = Assert.Single(DockerfileModel.Arguments(build, "RUN"), r => r.Contains("dotnet publish", StringComparison.Ordinal));
        var words = publish.Split(' ');

        Assert.Contains(GatewayProject, words);
        Assert.Equal("Release", words[Array.IndexOf(words, "-c") + 1]);
        Assert.Equal("/app", words[Array.IndexOf(words, "-o") + 1]);
        Assert.Contains(DockerfileModel.Copies(dockerfile.FinalStage), c => c.From == build.Name && c.Sources.SequenceEqual(["/app/"]) && c.Destination == "/app/");
        var entrypoint = Assert.Single(DockerfileModel.Arguments(dockerfile.FinalStage, "ENTRYPOINT"));
        Assert.Equal(["dotnet", "/app/RoutingCluster.Gateway.dll"], DockerfileModel.ExecForm(entrypoint));
    }

    [Fact]
    public void Precompiles_the_gateway_for_the_image_architecture()
    {
        var build = dockerfile.Stages[0];
        var runs = DockerfileModel.Arguments(build, "RUN").ToList();
        var restore = Assert.Single(runs, r => r.Contains("dotnet restore", StringComparison.Ordinal));
        var publish = Assert.Single(runs, r => r.Contains("dotnet publish", StringComparison.Ordinal));

        // BuildKit sets TARGETARCH only where the stage declares it; restore and publish must name the
        // same architecture and the same ReadyToRun setting, or publish --no-restore fails.
        Assert.Contains("TARGETARCH", DockerfileModel.Arguments(build, "ARG"));
        Assert.All(new[] { restore, publish }, command =>
        {
            Assert.Contains("-a \"$TARGETARCH\"", command, StringComparison.Ordinal);
            Assert.Contains("-p:PublishReadyToRun=true", command, StringComparison.Ordinal);
        });
        Assert.Contains("--no-restore", publish, StringComparison.Ordinal);
        Assert.Contains("--self-contained false", publish, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_as_a_numeric_user_that_is_not_root()
    {
        var user = DockerfileModel.Arguments(dockerfile.FinalStage, "USER").LastOrDefault();

        Assert.NotNull(user);
        var ids = user.Split(':');
        Assert.All(ids, id => Assert.True(int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0, $"USER {user} must be numeric ids other than 0"));
    }

    [Fact]
    public void Exposes_http_and_silo_ports_and_listens_on_every_interface()
    {
        var exposed = DockerfileModel.Arguments(dockerfile.FinalStage, "EXPOSE").SelectMany(e => e.Split(' ')).ToList();
        var environment = DockerfileModel.Environment(dockerfile.FinalStage);

        Assert.Contains("8787", exposed);
        Assert.Contains("11111", exposed);
        Assert.Equal("http://0.0.0.0:8787", environment["ASPNETCORE_URLS"]);
        Assert.Equal("", environment.GetValueOrDefault("ASPNETCORE_HTTP_PORTS", "unset: the base image's 8080 stays"));
    }

    [Fact]
    public void Writes_nothing_outside_tmp()
    {
        var environment = DockerfileModel.Environment(dockerfile.FinalStage);

        Assert.Equal("0", environment["DOTNET_EnableDiagnostics"]);
        Assert.StartsWith("/tmp", environment["HOME"], StringComparison.Ordinal);
        Assert.StartsWith("/tmp", environment.GetValueOrDefault("TMPDIR", "/tmp"), StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_layer_copies_every_project_the_gateway_references()
    {
        var build = dockerfile.Stages[0];
        var restoreIndex = build.Instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.True(restoreIndex > 0, "The build stage has no dotnet restore step.");
        var beforeRestore = new DockerfileStage(build.Image, build.Name, build.Instructions.Take(restoreIndex).ToList());
        // Relative to the build stage's WORKDIR, which mirrors the repository layout.
        var copied = DockerfileModel.CopyDestinations(beforeRestore).Select(d => d.StartsWith("./", StringComparison.Ordinal) ? d[2..] : d).ToHashSet(StringComparer.Ordinal);

        var projects = ProjectClosure(GatewayProject);

        Assert.True(projects.Count >= 4, "The gateway references the core, grains and storage projects: " + string.Join(", ", projects));
        Assert.All(projects, p => Assert.True(copied.Contains(p), $"{p} is not copied before dotnet restore (the gateway references it)"));
        Assert.All(["Directory.Build.props", "Directory.Packages.props", "src/Directory.Build.props"], p => Assert.Contains(p, copied));
    }

    [Fact]
    public void Every_file_copied_from_the_context_exists_and_is_sent_with_it()
    {
        var ignore = DockerIgnore.Load();
        var sources = dockerfile.Stages.SelectMany(DockerfileModel.Copies).Where(c => c.From is null).SelectMany(c => c.Sources).ToList();

        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var path = RepositoryRoot.Combine(source.TrimEnd('/').Split('/'));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY {source}: no such file in the repository");
            Assert.True(ignore.Includes(source), $"COPY {source}: .dockerignore leaves it out of the build context");
        }

        Assert.True(ignore.Includes("src/RoutingCluster.Gateway/Program.cs"));
    }

    [Fact]
    public void Build_context_leaves_out_secrets_tests_and_build_output()
    {
        var ignore = DockerIgnore.Load();

        Assert.All(
            ["deploy/compose/secrets/gateway_postgres", "deploy/compose/secrets/openai_api_key", "deploy/compose/gateway.yaml", "tests/RoutingCluster.Deploy.Tests/RepositoryRoot.cs",
             "src/RoutingCluster.Gateway/bin/Release/net10.0/RoutingCluster.Gateway.dll", "src/RoutingCluster.Core/obj/project.assets.json", ".git/config", ".tools/compose/package.json"],
            path => Assert.False(ignore.Includes(path), $"{path} would be sent with the build context"));
    }

    /// <summary>The project and every project it references, transitively, as repository-relative paths.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!found.Add(next))
            {
                continue;
            }

            var file = RepositoryRoot.Combine(next.Split('/'));
            var directory = Path.GetDirectoryName(file)!;
            foreach (var reference in XDocument.Load(file).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(RepositoryRoot.Path, full).Replace('\\', '/'));
            }
        }

        return found;
    }
}
