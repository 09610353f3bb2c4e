namespace RoutingCluster.Storage.Postgres.Tests.Schema;

/// <summary>
/// Writes its total on every change, so any later activation, on whichever silo, can only know
/// the total by reading it back from PostgreSQL.
/// </summary>
public sealed class CounterGrain(
    [PersistentState(CounterGrain.StateName, CounterGrain.StorageName)] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public const string StateName = "counter";
    public const string StorageName = "orleans";

    public async Task<int> AddAsync(int amount)
    {
        state.State.Total += amount;
        await state.WriteStateAsync();
        return state.State.Total;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Total);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
