using System.Globalization;
using System.Text;

namespace RoutingCluster.Configuration;

/// <summary>
/// Reads a config file within a size cap, before any parsing: a file over the cap is refused from
/// its length alone, and since a length can lie (a pipe, a file still growing) no more than the cap
/// plus one byte is ever read. A huge file therefore costs neither memory nor a huge error list.
/// </summary>
public static class ConfigFileReader
{
    /// <summary>4 MiB: a config with thousands of credentials and models is a few hundred KiB.</summary>
    public const long DefaultMaxBytes = 4 * 1024 * 1024;

    /// <summary>1 GiB: the text is held in one string.</summary>
    public const long MaxMaxBytes = 1024 * 1024 * 1024;

    /// <summary>The environment variable that raises (or lowers) the cap, as a size (<see cref="ByteSizeParser"/>).</summary>
    public const string MaxBytesVariable = "RC_CONFIG_MAX_BYTES";

    private const int ChunkBytes = 64 * 1024;

    /// <param name="sourceName">How errors name the file (see <see cref="ConfigError.Source"/>).</param>
    public static ConfigFileRead Read(string path, string sourceName, long maxBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, MaxMaxBytes);
        try
        {
            if (!File.Exists(path))
            {
                return Unreadable(sourceName, $"config file `{Path.GetFullPath(path)}` does not exist; create it or pass the path of an existing file");
            }

            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            if (file.CanSeek && file.Length > maxBytes)
            {
                return TooLarge(sourceName, path, $"is {Bytes(file.Length)}, over", maxBytes);
            }

            using var content = new MemoryStream(file.CanSeek ? (int)file.Length + 1 : ChunkBytes);
            var chunk = new byte[Math.Min(ChunkBytes, maxBytes + 1)];
            int read;
            while ((read = file.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1 - content.Length))) > 0)
            {
                content.Write(chunk, 0, read);
                if (content.Length > maxBytes)
                {
                    return TooLarge(sourceName, path, "holds more than", maxBytes);
                }
            }

            content.Position = 0;
            using var text = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return new ConfigFileRead.Text(text.ReadToEnd());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Unreadable(sourceName, $"config file could not be read ({ex.GetType().Name}: {ex.Message}); check the path and its permissions");
        }
    }

    /// <summary>Reads a cap as users write it (<c>8MiB</c>, <c>16777216</c>); null means the default.</summary>
    /// <param name="origin">Where the text came from, for the error (e.g. the variable or option name).</param>
    public static bool TryParseMaxBytes(string? text, string origin, out long maxBytes, out string? error)
    {
        error = null;
        maxBytes = DefaultMaxBytes;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!ByteSizeParser.TryParse(text.Trim(), out var parsed) || parsed < 1 || parsed > MaxMaxBytes)
        {
            error = $"{origin} `{text}` is not a config size cap; write a size from 1B to {ByteSizeParser.Format(MaxMaxBytes)}, e.g. 8MiB or 16777216 (units: {ByteSizeParser.UnitList})";
            return false;
        }

        maxBytes = parsed;
        return true;
    }

    private static ConfigFileRead.TooLarge TooLarge(string sourceName, string path, string over, long maxBytes)
    {
        var raised = ByteSizeParser.Format(Math.Min(MaxMaxBytes, Math.Max(maxBytes * 2, DefaultMaxBytes * 2)));
        return new ConfigFileRead.TooLarge(new ConfigError(sourceName, ConfigError.FilePath,
            $"config file `{Path.GetFullPath(path)}` {over} the {Bytes(maxBytes)} cap on config files and was not read; "
            + $"shrink it, or raise the cap with the environment variable {MaxBytesVariable} (e.g. {MaxBytesVariable}={raised}; for `check`, also --max-bytes {raised})"));
    }

    private static string Bytes(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes ({ByteSizeParser.Format(bytes)})");

    private static ConfigFileRead.Unreadable Unreadable(string sourceName, string message) =>
        new(new ConfigError(sourceName, ConfigError.FilePath, message));
}
