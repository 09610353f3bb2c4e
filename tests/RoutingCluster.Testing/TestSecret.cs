namespace RoutingCluster.Testing;

/// <summary>
/// A process environment variable holding a secret for one test, under a name no other test uses;
/// <see cref="Reference"/> is what a YAML config puts in <c>apiKey</c>. Removed on dispose.
/// </summary>
public sealed class TestSecret : IDisposable
{
    internal TestSecret(string name, string value)
    {
        Name = name;
        Value = value;
        Environment.SetEnvironmentVariable(name, value);
    }

    public string Name { get; }

    public string Value { get; }

    /// <summary><c>env:NAME</c>.</summary>
    public string Reference => "env:" + Name;

    public void Dispose() => Environment.SetEnvironmentVariable(Name, null);
}
