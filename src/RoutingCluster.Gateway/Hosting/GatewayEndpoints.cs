using RoutingCluster.Gateway.Wire;
using RoutingCluster.Gateway.Logging;
using RoutingCluster.Gateway.Metrics;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>The gateway's HTTP surface. With gateway keys configured, only <c>/healthz</c> and <c>/metrics</c> answer without one.</summary>
public static class GatewayEndpoints
{
    public static IEndpointRouteBuilder MapRoutingCluster(this IEndpointRouteBuilder app)
    {
        app.MapOpenAi();
        app.MapAnthropic();
        app.MapAdmin();
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapMetrics();
        return app;
    }

    /// <summary>
    /// Last line of defence: malformed HTTP gets its 4xx, anything unexpected a 500 in OpenAI's
    /// format (and a log line), never a bare stack trace.
    /// </summary>
    public static IApplicationBuilder UseGatewayErrors(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("RoutingCluster.Gateway");
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException ex)
            {
                await OpenAiErrors.WriteAsync(context, ex.StatusCode, "invalid_request_error", "bad_request", ex.Message);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; there is no one to answer.
            }
            catch (Exception ex)
            {
                Log.Unhandled(logger, context.Request.Path, ex);
                await OpenAiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "internal_error", "internal_error",
                    "The gateway hit an unexpected error; it has been logged.");
            }
        });
    }
}
