namespace RoutingCluster.Plans;

/// <summary>How a <see cref="PlanSource"/> is written where people read it (a metric label, the admin API).</summary>
public static class PlanSources
{
    public static string Name(PlanSource source) => source switch
    {
        PlanSource.Learned => "learned",
        PlanSource.Heartbeat => "heartbeat",
        _ => "declared",
    };
}
