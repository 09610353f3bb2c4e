using RoutingCluster.Gateway.Logging;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>
/// The outermost middleware: whatever a request's bytes, it ends with a 4xx or 5xx the gateway
/// means, in the wire format of the API its path belongs to (<see cref="ApiErrorBodies"/>). A
/// request head over <see cref="RequestHeadLimits"/> gets 414/431; malformed HTTP found while
/// reading the body (Kestrel's 400/408/413) its status; an endpoint that set an error status
/// without a body (404 unknown path, 405 wrong method) gets a body; anything unexpected a 500
/// with one log line. Client mistakes never log a stack trace.
/// </summary>
public static class GatewayErrors
{
    public static IApplicationBuilder UseGatewayErrors(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("RoutingCluster.Gateway");
        app.Use(async (context, next) =>
        {
            try
            {
                if (RequestHeadLimits.Check(context.Request) is { } refusal)
                {
                    await ApiErrorBodies.WriteAsync(context, refusal.Status, "request_too_large", refusal.Message);
                    return;
                }

                await next(context);
            }
            catch (BadHttpRequestException ex)
            {
                await ApiErrorBodies.WriteAsync(context, ex.StatusCode, "bad_request", ex.Message);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; there is no one to answer.
            }
            catch (Exception ex)
            {
                Log.Unhandled(logger, context.Request.Path, ex);
                await ApiErrorBodies.WriteAsync(context, StatusCodes.Status500InternalServerError, "internal_error",
                    "The gateway hit an unexpected error; it has been logged.");
            }
        });
        return app.UseStatusCodePages(context => ApiErrorBodies.WriteAsync(
            context.HttpContext, context.HttpContext.Response.StatusCode, CodeFor(context.HttpContext.Response.StatusCode), MessageFor(context.HttpContext)));
    }

    private static string CodeFor(int status) => status switch
    {
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        _ => "bad_request",
    };

    private static string MessageFor(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound =>
            $"No endpoint at `{context.Request.Path}`. The gateway serves POST /v1/chat/completions, POST /v1/responses, GET /v1/models, POST /v1/messages and POST /v1/messages/count_tokens.",
        StatusCodes.Status405MethodNotAllowed => $"`{context.Request.Method}` is not allowed on `{context.Request.Path}`.",
        var status => $"The request was refused with status {status}.",
    };
}
