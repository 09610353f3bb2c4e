namespace RoutingCluster.Configuration;

/// <summary>
/// A resolved secret (provider key, connection string). Its <see cref="ToString"/> never shows the
/// value, so a record holding one can be logged or printed without leaking it.
/// </summary>
public sealed class SecretValue(string value)
{
    public string Reveal() => value;

    public override string ToString() => "[redacted]";
}
