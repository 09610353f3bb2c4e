namespace RoutingCluster.Tenants;

/// <summary>How a tenant's own credentials (bring-your-own-key) rank against pooled ones.</summary>
public enum ByokMode
{
    /// <summary>Own credentials of a step before pooled ones.</summary>
    First,
    /// <summary>Only own credentials: pooled ones are never used.</summary>
    Only,
    /// <summary>Own and pooled credentials rank together, by the step's strategy alone.</summary>
    Never,
}
