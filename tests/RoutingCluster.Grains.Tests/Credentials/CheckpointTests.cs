using System.Collections.Concurrent;
using System.Threading.Channels;
using Orleans.Storage;
using RoutingCluster.Entities;
using RoutingCluster.Grains.Credentials;
using RoutingCluster.Grains.Fleet;
using Xunit;

namespace RoutingCluster.Grains.Tests.Credentials;

/// <summary>
/// What a credential grain checkpoints. A change made while a checkpoint is on its way to the
/// database is not in that checkpoint: the grain must still count itself changed, so that the
/// next periodic checkpoint takes it (else it would live in memory only, lost if the silo died,
/// until some later change).
/// </summary>
public sealed class CheckpointTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly CredentialPolicy Policy = new(CredentialLimits.Unlimited, BreakerOptions.Default, "fingerprint");
    private static readonly CooldownPolicy Cooldown = new(TimeSpan.FromSeconds(15), TimeSpan.FromHours(3));
    private readonly HeldBackStorage _storage = new();
    private ThreeSiloCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ThreeSiloCluster.StartAsync(silos: 1, storage: _storage);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task ChangeMadeWhileACheckpointIsOnItsWay_IsInTheNextOne()
    {
        var grain = _cluster.Grains.GetGrain<ICredentialGrain>("key-1");
        await grain.Watch(_cluster.Grains.CreateObjectReference<IFleetObserver>(new NoObserver()), "node", [], Policy.Limits);
        var now = _cluster.Time.GetUtcNow();

        // A first cooldown, then the periodic checkpoint that takes it is held back on its way.
        _storage.HoldBack();
        await SettleRateLimitedAsync(grain, now + TimeSpan.FromHours(1));
        await _storage.Entered.Task.WaitAsync(Bound);

        // Meanwhile the cooldown is moved on; then the held-back write goes through (well within the
        // grain's write timeout, so it counts as written).
        await SettleRateLimitedAsync(grain, now + TimeSpan.FromHours(2));
        _storage.Release();

        Assert.Equal(now + TimeSpan.FromHours(1), (await NextWrittenAsync("the held-back checkpoint")).State.CooldownUntil);
        Assert.Equal(now + TimeSpan.FromHours(2), (await NextWrittenAsync("a checkpoint with the change made meanwhile")).State.CooldownUntil);
    }

    private async Task<CredentialCheckpoint> NextWrittenAsync(string what)
    {
        try
        {
            return await _storage.Written.Reader.ReadAsync().AsTask().WaitAsync(Bound);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Gave up waiting for {what} after {Bound.TotalSeconds:0} s.", e);
        }
    }

    private static Task SettleRateLimitedAsync(ICredentialGrain grain, DateTimeOffset retryAt) =>
        grain.Settle(new SettleCommand($"elsewhere-{retryAt:HHmm}", new AttemptOutcome(OutcomeKind.RateLimited, 429, RateLimits: new RateLimitObservation(RetryAt: retryAt)), Policy, Cooldown)).AsTask();

    /// <summary>
    /// Grain storage in memory that can hold the next write back until released, and hands every
    /// credential checkpoint written after that over in order.
    /// </summary>
    private sealed class HeldBackStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        private readonly ConcurrentDictionary<(string, GrainId), (object State, string ETag)> _rows = new();
        private TaskCompletionSource? _gate;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Channel<CredentialCheckpoint> Written { get; } = Channel.CreateUnbounded<CredentialCheckpoint>();

        /// <summary>Stands in for the database provider registered under the same name, which takes part in the silo's start.</summary>
        public void Participate(ISiloLifecycle lifecycle)
        {
        }

        public void HoldBack() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _gate?.TrySetResult();

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (_rows.TryGetValue((stateName, grainId), out var row))
            {
                grainState.State = (T)row.State;
                grainState.ETag = row.ETag;
                grainState.RecordExists = true;
            }

            return Task.CompletedTask;
        }

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            // What is written is what the grain handed over now, not what its record holds later.
            var checkpoint = (grainState.State as CredentialRecord)?.Checkpoint;
            var written = new CredentialRecord { Checkpoint = checkpoint };
            if (_gate is { } gate)
            {
                Entered.TrySetResult();
                await gate.Task;
                Written.Writer.TryWrite(checkpoint!);
            }

            var etag = Guid.NewGuid().ToString("N");
            _rows[(stateName, grainId)] = (written, etag);
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            _rows.TryRemove((stateName, grainId), out _);
            grainState.RecordExists = false;
            return Task.CompletedTask;
        }
    }
}
