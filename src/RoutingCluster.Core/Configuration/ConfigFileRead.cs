namespace RoutingCluster.Configuration;

/// <summary>What reading a config file came to (see <see cref="ConfigFileReader"/>).</summary>
public abstract record ConfigFileRead
{
    private ConfigFileRead()
    {
    }

    /// <summary>The file's text, within the cap.</summary>
    public sealed record Text(string Content) : ConfigFileRead;

    /// <summary>The file is over the cap; none of it was parsed, at most the cap plus one byte was read.</summary>
    public sealed record TooLarge(ConfigError Error) : ConfigFileRead;

    /// <summary>The file is missing or cannot be read (permissions, a directory, an I/O error).</summary>
    public sealed record Unreadable(ConfigError Error) : ConfigFileRead;
}
