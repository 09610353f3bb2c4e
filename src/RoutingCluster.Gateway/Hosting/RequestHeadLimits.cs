namespace RoutingCluster.Gateway.Hosting;

/// <summary>
/// Limits on the request line and headers, enforced by the gateway so that a request over them
/// gets its 414 or 431 in the caller's wire format. Kestrel's own limits are set four times higher
/// (<see cref="ConfigureKestrel"/>): only a request past those gets Kestrel's bare status line,
/// since Kestrel answers it before any application code runs.
/// </summary>
public static class RequestHeadLimits
{
    public const int MaxTargetBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;
    private const int KestrelFactor = 4;

    public static void ConfigureKestrel(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = MaxTargetBytes * KestrelFactor;
        limits.MaxRequestHeadersTotalSize = MaxHeaderBytes * KestrelFactor;
        limits.MaxRequestHeaderCount = MaxHeaderCount * KestrelFactor;
    }

    /// <summary>The status and message a request head over the limits gets, or null when it is within them.</summary>
    public static (int Status, string Message)? Check(HttpRequest request)
    {
        if ((request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0) > MaxTargetBytes)
        {
            return (StatusCodes.Status414UriTooLong, $"The request target is longer than the gateway's limit of {MaxTargetBytes} bytes.");
        }

        if (request.Headers.Count > MaxHeaderCount)
        {
            return (StatusCodes.Status431RequestHeaderFieldsTooLarge, $"The request has {request.Headers.Count} headers; the gateway's limit is {MaxHeaderCount}.");
        }

        long total = 0;
        foreach (var (name, values) in request.Headers)
        {
            total += name.Length;
            foreach (var value in values)
            {
                total += value?.Length ?? 0;
            }
        }

        return total > MaxHeaderBytes
            ? (StatusCodes.Status431RequestHeaderFieldsTooLarge, $"The request headers total {total} bytes; the gateway's limit is {MaxHeaderBytes}.")
            : null;
    }
}
