using System.Diagnostics;
using System.Text;
using Xunit;

namespace RoutingCluster.Configuration.Tests;

/// <summary>The size cap on config files: checked before parsing, without reading an oversized file.</summary>
public sealed class ConfigFileReaderTests : IDisposable
{
    private const string Valid = """
        providers: [{ id: sim, protocol: simulated }]
        models: [{ id: m, provider: sim, upstreamModel: m, contextWindow: 1000 }]
        roles: { default: { chain: [{ model: m }] } }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("routing-cluster-config-cap-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void LoadFile_32MiBOfUnknownKeys_RefusedUnreadWithBoundedMemory()
    {
        var path = Path.Combine(_directory, "huge.yaml");
        WriteUnknownKeys(path, 32L * 1024 * 1024);
        var length = new FileInfo(path).Length;

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = ConfigLoader.LoadFile(path, EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(allocated, 0, 8L * 1024 * 1024);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ConfigError.FilePath, error.Path);
        Assert.Contains($"`{path}`", error.Message, StringComparison.Ordinal);
        Assert.Contains($"is {length} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("4194304 bytes (4MiB) cap", error.Message, StringComparison.Ordinal);
        Assert.Contains("RC_CONFIG_MAX_BYTES=", error.Message, StringComparison.Ordinal);
        Assert.Contains("--max-bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_OverTheDefaultCapButUnderARaisedOne_Loads()
    {
        // A valid config made large by a comment: refused at the default cap, loaded with a raised one.
        var path = Path.Combine(_directory, "commented.yaml");
        File.WriteAllText(path, "# " + new string('c', 5 * 1024 * 1024) + "\n" + Valid);

        var refused = ConfigLoader.LoadFile(path, EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);
        var raised = ConfigLoader.LoadFile(path, EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn, maxBytes: 8 * 1024 * 1024);

        Assert.Contains("cap on config files", Assert.Single(refused.Errors).Message, StringComparison.Ordinal);
        Assert.True(raised.Ok, string.Join("\n", raised.Errors));
    }

    [Fact]
    public void Read_FileExactlyAtTheCap_Text()
    {
        var path = Path.Combine(_directory, "exact.yaml");
        File.WriteAllText(path, Valid);
        var length = new FileInfo(path).Length;

        Assert.Equal(Valid, Assert.IsType<ConfigFileRead.Text>(ConfigFileReader.Read(path, "exact.yaml", length)).Content);
        Assert.IsType<ConfigFileRead.TooLarge>(ConfigFileReader.Read(path, "exact.yaml", length - 1));
    }

    [Fact]
    public async Task Read_PipeLongerThanTheCap_RefusedAfterReadingAtMostCapPlusOne()
    {
        // A pipe has no length to check first: the reader must stop on its own.
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return; // needs mkfifo; the gateway runs and is tested on Linux
        }

        var path = Path.Combine(_directory, "config.pipe");
        using (var mkfifo = Process.Start("mkfifo", path))
        {
            await mkfifo.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, mkfifo.ExitCode);
        }

        const long Cap = 64 * 1024;
        var written = 0L;
        var writer = Task.Run(() =>
        {
            try
            {
                using var pipe = new FileStream(path, FileMode.Open, FileAccess.Write);
                var line = Encoding.UTF8.GetBytes("key: value\n");
                for (var i = 0; i < 100_000; i++)
                {
                    pipe.Write(line);
                    written += line.Length;
                }
            }
            catch (IOException)
            {
                // The reader closed the pipe: expected.
            }
        });

        var read = ConfigFileReader.Read(path, "config.pipe", Cap);
        await writer.WaitAsync(TimeSpan.FromSeconds(10));

        var tooLarge = Assert.IsType<ConfigFileRead.TooLarge>(read);
        Assert.Contains("holds more than the 65536 bytes (64KiB) cap", tooLarge.Error.Message, StringComparison.Ordinal);
        Assert.True(written < 100_000L * 11, "the writer should have been cut off when the reader stopped");
    }

    [Fact]
    public void Read_MissingFile_UnreadableNamingIt()
    {
        var path = Path.Combine(_directory, "missing.yaml");

        var read = Assert.IsType<ConfigFileRead.Unreadable>(ConfigFileReader.Read(path, "missing.yaml", ConfigFileReader.DefaultMaxBytes));

        Assert.Contains("does not exist", read.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, ConfigFileReader.DefaultMaxBytes)]
    [InlineData("", ConfigFileReader.DefaultMaxBytes)]
    [InlineData("16MiB", 16L * 1024 * 1024)]
    [InlineData("65536", 65536L)]
    public void TryParseMaxBytes_SizeOrNothing_Cap(string? text, long expected)
    {
        Assert.True(ConfigFileReader.TryParseMaxBytes(text, "RC_CONFIG_MAX_BYTES", out var cap, out _));
        Assert.Equal(expected, cap);
    }

    [Theory]
    [InlineData("big")]
    [InlineData("0")]
    [InlineData("2GiB")]
    public void TryParseMaxBytes_BadCap_ErrorNamesOrigin(string text)
    {
        Assert.False(ConfigFileReader.TryParseMaxBytes(text, "RC_CONFIG_MAX_BYTES", out _, out var error));
        Assert.StartsWith($"RC_CONFIG_MAX_BYTES `{text}` is not a config size cap", error, StringComparison.Ordinal);
    }

    /// <summary>Unknown top-level keys (<c>key0000001: 1</c>, ...) up to about <paramref name="bytes"/>, written in pieces.</summary>
    internal static void WriteUnknownKeys(string path, long bytes)
    {
        using var file = new StreamWriter(path, append: false, Encoding.ASCII);
        for (var i = 0; file.BaseStream.Length < bytes; i++)
        {
            file.Write("key");
            file.Write(i.ToString("D28", System.Globalization.CultureInfo.InvariantCulture));
            file.Write(": 1\n");
        }
    }
}
