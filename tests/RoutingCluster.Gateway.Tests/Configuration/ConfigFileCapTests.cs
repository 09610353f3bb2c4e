using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Hosting;
using RoutingCluster.Gateway.Tests.Support;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Configuration;

/// <summary>
/// Config files over the size cap are refused unread, at startup, on reload and by <c>check</c>; the
/// running gateway logs a bounded summary of a bad file's errors while <c>check</c> lists them all.
/// </summary>
public sealed class ConfigFileCapTests : IDisposable
{
    private const string Valid = """
        providers: [{ id: sim, protocol: simulated }]
        models: [{ id: m, provider: sim, upstreamModel: m, contextWindow: 1000 }]
        roles: { default: { chain: [{ model: m }] } }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("routing-cluster-config-cap-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Check_FileOverTheCap_OneErrorNamingFileSizeCapAndHowToRaiseIt()
    {
        var path = Write("big.yaml", Commented(5 * 1024 * 1024));

        var (code, _, errors) = Check("--config", path);

        Assert.Equal(1, code);
        Assert.Contains("1 error(s)", errors, StringComparison.Ordinal);
        Assert.Contains($"`{path}` is {new FileInfo(path).Length} bytes", errors, StringComparison.Ordinal);
        Assert.Contains("4194304 bytes (4MiB) cap", errors, StringComparison.Ordinal);
        Assert.Contains("RC_CONFIG_MAX_BYTES", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--max-bytes", "8MiB")]
    [InlineData("--max-bytes=8388608", null)]
    public void Check_MaxBytesRaised_FileOverTheDefaultCapIsValid(string option, string? value)
    {
        var path = Write("big.yaml", Commented(5 * 1024 * 1024));

        var (code, output, errors) = value is null ? Check("--config", path, option) : Check("--config", path, option, value);

        Assert.True(code == 0, errors);
        Assert.Contains("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MaxBytesNotASize_ExitsWithUsage()
    {
        var (code, _, errors) = Check("--max-bytes", "lots");

        Assert.Equal(2, code);
        Assert.Contains("--max-bytes `lots` is not a config size cap", errors, StringComparison.Ordinal);
        Assert.Contains("Usage: check [--config PATH] [--max-bytes SIZE]", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_FileOverTheCap_RefusedWithOneError()
    {
        var path = Write("big.yaml", Commented(5 * 1024 * 1024));

        var error = Assert.Throws<ConfigRejectedException>(() => GatewayApp.Build(["--config", path, "--urls", "http://127.0.0.1:0"]));

        Assert.Contains("4194304 bytes (4MiB) cap", error.Message, StringComparison.Ordinal);
        Assert.Contains("RC_CONFIG_MAX_BYTES", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_CapRaisedThroughConfiguration_FileOverTheDefaultCapLoads()
    {
        // RC_CONFIG_MAX_BYTES is read from the host's configuration: the environment, or the command line as here.
        var path = Write("big.yaml", Commented(5 * 1024 * 1024));

        await using var app = GatewayApp.Build(["--config", path, "--urls", "http://127.0.0.1:0", "--RC_CONFIG_MAX_BYTES=8MiB"]);

        var startup = app.Services.GetRequiredService<StartupConfig>();
        Assert.Equal(8L * 1024 * 1024, startup.MaxFileBytes);
        Assert.Contains("default", startup.Definition.Roles.Keys);
    }

    [Fact]
    public void Startup_ThousandErrors_MessageListsTwentyAndTheCount()
    {
        var path = Write("many.yaml", WithUnknownKeys(1000));

        var error = Assert.Throws<ConfigRejectedException>(() => GatewayApp.Build(["--config", path, "--urls", "http://127.0.0.1:0"]));

        Assert.Contains("has 1000 error(s)", error.Message, StringComparison.Ordinal);
        Assert.Equal(20, error.Message.Split('\n').Count(l => l.Contains("unknown key `extra", StringComparison.Ordinal)));
        Assert.Contains("... and 980 more; run `check` to list every one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_ThousandErrors_OneLogEntryWithTwentyAndTheCountWhileCheckListsEveryOne()
    {
        var path = Write("gateway.yaml", Valid);
        var (watcher, active, logger) = StartWatcher(path);
        var rejected = new TaskCompletionSource<IReadOnlyList<ConfigError>>(TaskCreationOptions.RunContinuationsAsynchronously);
        active.Rejected += errors => rejected.TrySetResult(errors);
        await watcher.StartAsync(CancellationToken.None);
        try
        {
            await File.WriteAllTextAsync(path, WithUnknownKeys(1000));
            var errors = await rejected.Task.WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal(1000, errors.Count);
            var entry = Assert.Single(logger.Entries);
            Assert.Contains("rejected with 1000 error(s)", entry, StringComparison.Ordinal);
            Assert.Equal(20, entry.Split('\n').Count(l => l.Contains("unknown key `extra", StringComparison.Ordinal)));
            Assert.EndsWith("  ... and 980 more; run `check` to list every one", entry, StringComparison.Ordinal);

            var (code, _, checkErrors) = Check("--config", path);
            Assert.Equal(1, code);
            Assert.Contains("1000 error(s)", checkErrors, StringComparison.Ordinal);
            Assert.Equal(1000, checkErrors.Split('\n').Count(l => l.Contains("unknown key `extra", StringComparison.Ordinal)));
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
            watcher.Dispose();
        }
    }

    [Fact]
    public async Task Reload_FileOverTheCap_RejectedUnreadOldConfigStays()
    {
        var path = Write("gateway.yaml", Valid);
        var (watcher, active, logger) = StartWatcher(path, maxBytes: 64 * 1024);
        var before = active.Current;
        var rejected = new TaskCompletionSource<IReadOnlyList<ConfigError>>(TaskCreationOptions.RunContinuationsAsynchronously);
        active.Rejected += errors => rejected.TrySetResult(errors);
        await watcher.StartAsync(CancellationToken.None);
        try
        {
            await File.WriteAllTextAsync(path, Commented(128 * 1024));
            var error = Assert.Single(await rejected.Task.WaitAsync(TimeSpan.FromSeconds(20)));

            Assert.Contains("65536 bytes (64KiB) cap", error.Message, StringComparison.Ordinal);
            Assert.Same(before, active.Current);
            Assert.Contains("rejected with 1 error(s)", Assert.Single(logger.Entries), StringComparison.Ordinal);
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
            watcher.Dispose();
        }
    }

    private (ConfigFileWatcher Watcher, ActiveConfig Active, CapturingLogger<ConfigFileWatcher> Logger) StartWatcher(string path, long maxBytes = ConfigFileReader.DefaultMaxBytes)
    {
        var loader = new GatewayConfigLoader(EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);
        var loaded = loader.Load(Valid, "gateway.yaml");
        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        var active = new ActiveConfig(loaded.Definition, path);
        var startup = new StartupConfig(loaded.Definition, path, path, Valid) { MaxFileBytes = maxBytes };
        var logger = new CapturingLogger<ConfigFileWatcher>();
        return (new ConfigFileWatcher(active, startup, loader, logger), active, logger);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The valid config with <paramref name="count"/> unknown top-level keys, one error each.</summary>
    private static string WithUnknownKeys(int count)
    {
        var text = new StringBuilder(Valid).Append('\n');
        for (var i = 0; i < count; i++)
        {
            text.Append("extra").Append(i).Append(": 1\n");
        }

        return text.ToString();
    }

    /// <summary>The valid config grown past <paramref name="bytes"/> by a comment.</summary>
    private static string Commented(int bytes) => "# " + new string('c', bytes) + "\n" + Valid;

    private static (int Code, string Output, string Errors) Check(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = CheckCommand.Run(args, output, errors);
        return (code, output.ToString(), errors.ToString());
    }
}
