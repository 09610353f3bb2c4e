using System.Diagnostics.CodeAnalysis;

namespace RoutingCluster.Configuration;

/// <summary>Either the resolved secret or an error message, never both.</summary>
public sealed record SecretResolution
{
    private SecretResolution(SecretValue? value, string? error)
    {
        Value = value;
        Error = error;
    }

    public SecretValue? Value { get; }

    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Ok => Value is not null;

    public static SecretResolution Success(SecretValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, null);
    }

    public static SecretResolution Failure(string error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return new(null, error);
    }
}
