using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>
/// HTTP/1.1 written byte by byte over a loopback socket, for requests no HTTP client will send:
/// non-ASCII header values, broken chunked framing, oversized heads. One request per connection.
/// </summary>
public static class RawHttp
{
    public sealed record Reply(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>Sends <paramref name="head"/> (request line and headers, without the blank line) and <paramref name="body"/>.</summary>
    public static async Task<Reply> SendAsync(string baseUrl, string head, byte[]? body = null, Encoding? headEncoding = null)
    {
        var uri = new Uri(baseUrl);
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(uri.Host, uri.Port, timeout.Token);
        var stream = client.GetStream();
        var request = (headEncoding ?? Encoding.UTF8).GetBytes(head.TrimEnd('\r', '\n') + $"\r\nHost: {uri.Authority}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(request, timeout.Token);
        if (body is not null)
        {
            await stream.WriteAsync(body, timeout.Token);
        }

        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
            // The server may reset the connection after answering a malformed request.
        }

        return Parse(received.ToArray());
    }

    private static Reply Parse(byte[] raw)
    {
        var split = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        var head = Encoding.UTF8.GetString(split < 0 ? raw : raw[..split]);
        var body = split < 0 ? [] : raw[(split + 4)..];
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new Reply(status, headers, Encoding.UTF8.GetString(body));
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        using var output = new MemoryStream();
        var position = 0;
        while (position < chunked.Length)
        {
            var lineEnd = chunked.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0 || !int.TryParse(Encoding.ASCII.GetString(chunked, position, lineEnd), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }

            var start = position + lineEnd + 2;
            output.Write(chunked, start, Math.Min(size, chunked.Length - start));
            position = start + size + 2;
        }

        return output.ToArray();
    }
}
