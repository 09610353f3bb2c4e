namespace RoutingCluster.Plans;

/// <summary>One header of another vendor's plan, as the config maps it: which window it speaks of and how to read it.</summary>
/// <param name="Scale">What a full window reads as (1 for a fraction, 100 for a percent); utilization headers only.</param>
public sealed record PlanHeaderMapping(string Header, string Window, PlanHeaderValue Value, double Scale = 1);
