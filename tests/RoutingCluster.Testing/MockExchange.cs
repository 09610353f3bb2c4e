namespace RoutingCluster.Testing;

/// <summary>
/// One request at the mock, counted in flight from its arrival until the mock starts writing its last
/// bytes: a client that read the whole answer may already send its next request, as it would to a real
/// provider, so the count must not lag behind what the client saw. Ends once, whichever path gets there first.
/// </summary>
internal sealed class MockExchange(MockRequestLog log, ReceivedRequest request)
{
    private int _ended;

    public void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            log.End(request);
        }
    }

    /// <summary>Ends the exchange of <paramref name="context"/>, if the mock opened one.</summary>
    public static void EndOf(Microsoft.AspNetCore.Http.HttpContext context) => context.Features.Get<MockExchange>()?.End();
}
