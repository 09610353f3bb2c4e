using System.Diagnostics.CodeAnalysis;

namespace RoutingCluster.Configuration;

/// <summary>
/// Turns a secret reference from the config (<c>env:NAME</c>, <c>file:PATH</c>) into the secret.
/// The config file never holds a secret itself, so it can be committed and printed.
/// </summary>
public interface ISecretResolver
{
    /// <summary>Never throws for a bad reference; the failure is a value whose message names the
    /// variable or path and the fix, and never contains the secret (or the reference, when the
    /// reference might itself be a pasted secret).</summary>
    SecretResolution Resolve(string reference);
}

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
