using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>What a front door read from a request body: what routing needs, or why the body is refused (400).</summary>
public abstract record RequestReading
{
    private RequestReading()
    {
    }

    public sealed record Read(RequestInspection Inspection) : RequestReading;

    /// <param name="Message">For the client: what is wrong and where.</param>
    public sealed record Invalid(string Message) : RequestReading;
}
