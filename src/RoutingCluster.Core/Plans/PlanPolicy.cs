namespace RoutingCluster.Plans;

/// <summary>What the config says a profile's grain decides by: the thresholds of its windows.</summary>
/// <param name="Thresholds">One per window that switches; a window without one (e.g. <c>overage</c>) is recorded and shown only.</param>
[GenerateSerializer]
[Immutable]
public sealed record PlanPolicy([property: Id(0)] IReadOnlyList<PlanThreshold> Thresholds)
{
    public double? SwitchAt(string window)
    {
        foreach (var threshold in Thresholds)
        {
            if (threshold.Window == window)
            {
                return threshold.SwitchAt;
            }
        }

        return null;
    }
}
