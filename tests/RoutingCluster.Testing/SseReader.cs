using System.Text;

namespace RoutingCluster.Testing;

/// <summary>
/// Reads a server-sent event stream one event at a time, so a test can assert on a chunk before the server
/// has sent the next one. Keeps <c>event:</c> and <c>data:</c>; ignores comments and other fields. An event
/// without data is not dispatched, as the SSE spec says.
/// </summary>
public sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>The next event's data (multi-line data joined with <c>\n</c>), or null at end of stream.</summary>
    public async Task<string?> ReadDataAsync(CancellationToken cancellationToken = default) =>
        (await ReadEventAsync(cancellationToken))?.Data;

    /// <summary>The next event with its <c>event:</c> name (null when none was sent), or null at end of stream.</summary>
    public async Task<SseMessage?> ReadEventAsync(CancellationToken cancellationToken = default)
    {
        string? name = null;
        StringBuilder? data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                return data is null ? null : new SseMessage(name, data.ToString());
            }

            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new SseMessage(name, data.ToString());
                }

                name = null;
                continue;
            }

            if (Field(line, "event") is { } eventName)
            {
                name = eventName;
            }
            else if (Field(line, "data") is { } value)
            {
                (data is null ? data = new StringBuilder() : data.Append('\n')).Append(value);
            }
        }
    }

    /// <summary>Every remaining event's data, up to the end of the stream.</summary>
    public async Task<IReadOnlyList<string>> ReadAllDataAsync(CancellationToken cancellationToken = default) =>
        [.. (await ReadAllEventsAsync(cancellationToken)).Select(e => e.Data)];

    /// <summary>Every remaining event, up to the end of the stream.</summary>
    public async Task<IReadOnlyList<SseMessage>> ReadAllEventsAsync(CancellationToken cancellationToken = default)
    {
        var events = new List<SseMessage>();
        while (await ReadEventAsync(cancellationToken) is { } next)
        {
            events.Add(next);
        }

        return events;
    }

    public void Dispose() => _reader.Dispose();

    private static string? Field(string line, string field)
    {
        if (!line.StartsWith(field, StringComparison.Ordinal) || line.Length <= field.Length || line[field.Length] != ':')
        {
            return null;
        }

        var value = line.AsSpan(field.Length + 1);
        return (value.StartsWith(" ") ? value[1..] : value).ToString();
    }
}

/// <summary>One server-sent event: its <c>event:</c> name (null when none) and its data.</summary>
public sealed record SseMessage(string? Event, string Data);
