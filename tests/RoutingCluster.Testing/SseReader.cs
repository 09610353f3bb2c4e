using System.Text;

namespace RoutingCluster.Testing;

/// <summary>
/// Reads the <c>data:</c> payloads of a server-sent event stream one event at a time, so a test can
/// assert on a chunk before the server has sent the next one. Ignores comments and other fields.
/// </summary>
public sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>The next event's data (multi-line data joined with <c>\n</c>), or null at end of stream.</summary>
    public async Task<string?> ReadDataAsync(CancellationToken cancellationToken = default)
    {
        StringBuilder? data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return data?.ToString();
            }

            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return data.ToString();
                }

                continue;
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var value = line.AsSpan(5);
                if (value.StartsWith(" "))
                {
                    value = value[1..];
                }

                (data is null ? data = new StringBuilder() : data.Append('\n')).Append(value);
            }
        }
    }

    /// <summary>Every remaining event's data, up to the end of the stream.</summary>
    public async Task<IReadOnlyList<string>> ReadAllDataAsync(CancellationToken cancellationToken = default)
    {
        var events = new List<string>();
        while (await ReadDataAsync(cancellationToken) is { } data)
        {
            events.Add(data);
        }

        return events;
    }

    public void Dispose() => _reader.Dispose();
}
