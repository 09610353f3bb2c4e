using Microsoft.AspNetCore.Http.Features;
using RoutingCluster.Gateway.Budgets;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>The executor's view of the client's HTTP response: status, routing headers, body or stream.</summary>
/// <param name="budgets">The request's budgets, whose warnings go out with the headers; null when it has none.</param>
public sealed class HttpResponseSink(HttpContext context, RouteTarget target, string node, RequestBudgets? budgets = null) : IResponseSink
{
    public bool ClientGone => context.RequestAborted.IsCancellationRequested;

    public void Start(int status, Candidate served, int attempts, bool stream)
    {
        var response = context.Response;
        RoutingHeaders.Write(response, target, served, attempts, node);
        budgets?.WriteHeaders(response.Headers);
        response.StatusCode = status;
        if (!stream)
        {
            response.ContentType = "application/json";
            return;
        }

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["x-accel-buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    public ValueTask WriteBodyAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        context.Response.Body.WriteAsync(body, cancellationToken);

    public async ValueTask<bool> TryWriteEventsAsync(IReadOnlyList<byte[]> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return true;
        }

        try
        {
            foreach (var item in events)
            {
                await context.Response.Body.WriteAsync(item, cancellationToken);
            }

            await context.Response.Body.FlushAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }
}
