using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Configuration;

/// <summary>
/// The config snapshot in force. A reload swaps the whole <see cref="GatewayDefinition"/>; a request
/// reads it once and keeps that snapshot to its end.
/// </summary>
public sealed class ActiveConfig(GatewayDefinition initial, string source)
{
    private GatewayDefinition _current = initial;
    private long _generation = 1;

    public GatewayDefinition Current => Volatile.Read(ref _current);

    /// <summary>Where the config came from (a path, or <c>built-in demo</c>).</summary>
    public string Source { get; } = source;

    /// <summary>Bumped on every successful reload.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Raised after a reload took effect.</summary>
    public event Action<GatewayDefinition>? Swapped;

    /// <summary>Raised when a reload was refused; the last good config stays in force.</summary>
    public event Action<IReadOnlyList<ConfigError>>? Rejected;

    public void Swap(GatewayDefinition next)
    {
        Volatile.Write(ref _current, next);
        Interlocked.Increment(ref _generation);
        Swapped?.Invoke(next);
    }

    public void Reject(IReadOnlyList<ConfigError> errors) => Rejected?.Invoke(errors);
}
