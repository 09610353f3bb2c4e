namespace RoutingCluster.Storage.Postgres.Tests.Schema;

/// <summary>
/// A grain whose only job is to keep a persisted total, so the schema tests can watch grain
/// state travel through the ADO.NET persistence queries.
/// </summary>
public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> AddAsync(int amount);

    Task<int> GetAsync();

    Task DeactivateAsync();
}
