namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>The client headers a front door passes on to an upstream of its own protocol, or why one is refused (400).</summary>
public abstract record HeaderReading
{
    private HeaderReading()
    {
    }

    public static HeaderReading None { get; } = new Passed(null);

    /// <param name="Headers">Null when there is nothing to pass on.</param>
    public sealed record Passed(IReadOnlyDictionary<string, string>? Headers) : HeaderReading;

    /// <param name="Message">For the client: which header and what it must look like.</param>
    public sealed record Invalid(string Message) : HeaderReading;
}
