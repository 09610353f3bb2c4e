using Xunit;

namespace RoutingCluster.Configuration.Tests;

public sealed class EnvironmentSecretResolverTests : IDisposable
{
    private readonly string variable = "RC_TEST_SECRET_" + Guid.NewGuid().ToString("N");
    private readonly string directory = Directory.CreateTempSubdirectory("rc-secrets-").FullName;

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(variable, null);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void Resolve_EnvSet_ReturnsValue()
    {
        Environment.SetEnvironmentVariable(variable, "sk-live-123");

        var result = EnvironmentSecretResolver.Default.Resolve($"env:{variable}");

        Assert.True(result.Ok);
        Assert.Equal("sk-live-123", result.Value.Reveal());
    }

    [Fact]
    public void Resolve_EnvUnset_ErrorNamesVariable()
    {
        var result = EnvironmentSecretResolver.Default.Resolve($"env:{variable}");

        Assert.False(result.Ok);
        Assert.Equal($"environment variable `{variable}` is not set or is empty; set {variable} to the secret, or change the reference", result.Error);
    }

    [Fact]
    public void Resolve_EnvEmpty_IsError()
    {
        Environment.SetEnvironmentVariable(variable, "   ");

        Assert.False(EnvironmentSecretResolver.Default.Resolve($"env:{variable}").Ok);
    }

    [Fact]
    public void Resolve_FileWithNewline_ReturnsTrimmedContent()
    {
        File.WriteAllText(Path.Combine(directory, "key"), "sk-file-456\n");

        var result = new EnvironmentSecretResolver(directory).Resolve("file:key");

        Assert.True(result.Ok);
        Assert.Equal("sk-file-456", result.Value.Reveal());
    }

    [Fact]
    public void Resolve_FileMissing_ErrorNamesPath()
    {
        var path = Path.Combine(directory, "missing");

        var result = EnvironmentSecretResolver.Default.Resolve($"file:{path}");

        Assert.Equal($"secret file `{path}` does not exist; create it holding the secret, or change the reference", result.Error);
    }

    [Fact]
    public void Resolve_FileEmpty_ErrorNamesPath()
    {
        var path = Path.Combine(directory, "empty");
        File.WriteAllText(path, "\n");

        var result = EnvironmentSecretResolver.Default.Resolve($"file:{path}");

        Assert.Equal($"secret file `{path}` is empty; write the secret into it", result.Error);
    }

    [Fact]
    public void Resolve_RawValue_ErrorExplainsFormsWithoutEchoingIt()
    {
        var result = EnvironmentSecretResolver.Default.Resolve("sk-pasted-secret");

        Assert.False(result.Ok);
        Assert.DoesNotContain("sk-pasted-secret", result.Error, StringComparison.Ordinal);
        Assert.Equal(
            "the value is not a secret reference (not shown, in case it is the secret itself); write env:NAME to read the environment variable NAME, or file:PATH to read the file at PATH",
            result.Error);
    }

    [Fact]
    public void SecretValue_ToString_IsRedacted()
    {
        Assert.Equal("[redacted]", new SecretValue("sk-live-123").ToString());
    }
}
