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
