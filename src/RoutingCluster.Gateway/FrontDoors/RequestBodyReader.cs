using System.Buffers;

namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>
/// Reads a request body whole, refusing it as soon as it passes the configured size. A body with a
/// declared length is read straight into an array of that length (the common case: one allocation,
/// no copy); a chunked body grows a pooled buffer and is copied out once at the end.
/// </summary>
public static class RequestBodyReader
{
    private const int InitialChunkedBuffer = 4096;

    /// <returns>The body, or null when it is over <paramref name="limit"/>.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        return request.ContentLength is { } length
            ? await ReadDeclaredAsync(request.Body, (int)length, limit, cancellationToken)
            : await ReadChunkedAsync(request.Body, limit, cancellationToken);
    }

    /// <summary>A body that declared its length: Kestrel never hands over more or fewer bytes than declared
    /// (it fails the request instead), but a stream past the declared length is still refused at the limit.</summary>
    private static async Task<byte[]?> ReadDeclaredAsync(Stream body, int length, long limit, CancellationToken cancellationToken)
    {
        var buffer = length == 0 ? [] : new byte[length];
        var filled = 0;
        while (filled < length)
        {
            var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return buffer[..filled];
            }

            filled += read;
        }

        // Whatever follows the declared length (nothing, on a well-behaved connection) is read as a chunked body would be.
        var rest = await ReadChunkedAsync(body, limit - length, cancellationToken);
        return rest switch
        {
            null => null,
            { Length: 0 } => buffer,
            _ => [.. buffer, .. rest],
        };
    }

    private static async Task<byte[]?> ReadChunkedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialChunkedBuffer);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    return buffer.AsSpan(0, filled).ToArray();
                }

                if (filled + (long)read > limit)
                {
                    return null;
                }

                filled += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
