namespace RoutingCluster.Deploy.Tests.Compose;

/// <summary>A folder of its own for one test, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("rc-deploy-").FullName;

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> in the folder and returns its full path.</summary>
    public string Write(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
