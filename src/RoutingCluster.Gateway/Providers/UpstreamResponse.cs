namespace RoutingCluster.Gateway.Providers;

/// <summary>An upstream response whose body has not been read yet.</summary>
public abstract class UpstreamResponse : IAsyncDisposable
{
    public abstract int Status { get; }

    public abstract string? ContentType { get; }

    /// <summary>A response header by name (case-insensitive), or null.</summary>
    public abstract string? Header(string name);

    public abstract Stream Body { get; }

    /// <summary>The body's declared length, when the upstream sent one.</summary>
    public virtual long? ContentLength => null;

    public abstract ValueTask DisposeAsync();
}
