namespace RoutingCluster.Testing;

/// <summary>The checkout the tests run from (the folder that holds <c>RoutingCluster.sln</c>).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>A path under the repository root, from its parts.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "RoutingCluster.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("RoutingCluster.sln not found above " + AppContext.BaseDirectory);
    }
}
