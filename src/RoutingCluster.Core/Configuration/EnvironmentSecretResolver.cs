namespace RoutingCluster.Configuration;

/// <summary>
/// The default <see cref="ISecretResolver"/>: <c>env:NAME</c> reads an environment variable,
/// <c>file:PATH</c> reads a file (trimmed, so a trailing newline from <c>echo</c> does not end up in
/// the key). Relative paths resolve against <paramref name="baseDirectory"/> when given (the
/// config file's folder, typically), else against the current directory.
/// </summary>
public sealed class EnvironmentSecretResolver(string? baseDirectory = null) : ISecretResolver
{
    public const string EnvPrefix = "env:";
    public const string FilePrefix = "file:";

    public static EnvironmentSecretResolver Default { get; } = new();

    public SecretResolution Resolve(string reference)
    {
        if (reference is null)
        {
            return SecretResolution.Failure(FormsHint("no secret reference given"));
        }

        if (reference.StartsWith(EnvPrefix, StringComparison.Ordinal))
        {
            return ResolveEnvironment(reference[EnvPrefix.Length..].Trim());
        }

        if (reference.StartsWith(FilePrefix, StringComparison.Ordinal))
        {
            return ResolveFile(reference[FilePrefix.Length..].Trim());
        }

        // The reference is not echoed: a value that is not a reference is often the key itself.
        return SecretResolution.Failure(FormsHint("the value is not a secret reference (not shown, in case it is the secret itself)"));
    }

    private static SecretResolution ResolveEnvironment(string name)
    {
        if (name.Length == 0)
        {
            return SecretResolution.Failure("`env:` needs a variable name, e.g. env:OPENAI_API_KEY");
        }

        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value)
            ? SecretResolution.Failure($"environment variable `{name}` is not set or is empty; set {name} to the secret, or change the reference")
            : SecretResolution.Success(new SecretValue(value));
    }

    private SecretResolution ResolveFile(string path)
    {
        if (path.Length == 0)
        {
            return SecretResolution.Failure("`file:` needs a path, e.g. file:/run/secrets/openai-key");
        }

        var fullPath = baseDirectory is null ? path : Path.Combine(baseDirectory, path);
        string content;
        try
        {
            if (!File.Exists(fullPath))
            {
                return SecretResolution.Failure($"secret file `{fullPath}` does not exist; create it holding the secret, or change the reference");
            }

            content = File.ReadAllText(fullPath).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // The exception type is enough; its message could quote file content in exotic cases.
            return SecretResolution.Failure($"secret file `{fullPath}` could not be read ({ex.GetType().Name}); check its permissions");
        }

        return content.Length == 0
            ? SecretResolution.Failure($"secret file `{fullPath}` is empty; write the secret into it")
            : SecretResolution.Success(new SecretValue(content));
    }

    private static string FormsHint(string problem) =>
        $"{problem}; write env:NAME to read the environment variable NAME, or file:PATH to read the file at PATH";
}
