using System.Buffers;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>Reads a whole upstream body with a size cap, so a hostile or broken upstream cannot exhaust memory.</summary>
public static class UpstreamBodyReader
{
    /// <summary>
    /// The whole body, refused past <paramref name="limit"/>. A declared length within the limit is
    /// read straight into an array of that size; otherwise the body grows in a pooled buffer that is
    /// copied out once.
    /// </summary>
    public static async Task<byte[]> ReadAsync(Stream body, long? declared, int limit, CancellationToken cancellationToken)
    {
        if (declared is { } length && length <= limit)
        {
            var exact = new byte[length];
            // The HTTP client never reads past a declared length; a body that ends short is broken.
            var filled = await body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, cancellationToken);
            return filled == exact.Length
                ? exact
                : throw new UpstreamProtocolException($"upstream body ended after {filled} of its declared {length} bytes");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var count = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(count), cancellationToken)) > 0)
            {
                count += read;
                if (count > limit)
                {
                    throw new UpstreamProtocolException($"upstream body larger than {limit} bytes");
                }

                if (count == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return buffer.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
