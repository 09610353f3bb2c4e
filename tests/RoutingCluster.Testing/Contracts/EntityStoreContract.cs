using Microsoft.Extensions.Time.Testing;
using RoutingCluster.Entities;
using Xunit;

namespace RoutingCluster.Testing.Contracts;

/// <summary>
/// What every <see cref="IEntityStore"/> must do (DESIGN.md, "The entity model"): a transition is
/// applied atomically and exactly once, each one bumps the version by one, entities are keyed by
/// kind and id, "now" comes from the store's clock, and a state survives the trip through the
/// store without changing behaviour. A derived class per implementation says how to make a store;
/// xunit creates one instance of it per test, so <see cref="InitializeAsync"/> and
/// <see cref="DisposeAsync"/> run around every test.
/// </summary>
public abstract class EntityStoreContract : IAsyncLifetime
{
    /// <summary>Concurrent callers in the contention tests.</summary>
    protected const int Workers = 8;

    /// <summary>Calls per worker in the contention tests (the loops are bounded by this).</summary>
    protected const int CallsPerWorker = 50;

    /// <summary>Store handles the contention tests spread their workers over, as separate nodes would.</summary>
    protected const int Nodes = 3;

    private static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan DefaultCooldown = TimeSpan.FromSeconds(15);

    private readonly string _scope = Guid.NewGuid().ToString("N")[..12];

    /// <summary>The clock of every store of the test; it moves only when a test advances it.</summary>
    protected FakeTimeProvider Time { get; } = new();

    /// <summary>The store under test, made by <see cref="CreateStoreAsync"/> before each test.</summary>
    protected IEntityStore Store { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Store = await CreateStoreAsync(Time);

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// A store over this test's entities that reads "now" from <paramref name="time"/>. Every call
    /// within one test is another node's handle on the <em>same</em> entities: a shared store returns
    /// a new instance with its own connections; a single-node store returns its one instance.
    /// </summary>
    protected abstract Task<IEntityStore> CreateStoreAsync(TimeProvider time);

    /// <summary>An entity id unique to this test, so that tests may share one database.</summary>
    protected string Id(string name) => $"{name}-{_scope}";

    protected EntityKey CounterKey(string name, string kind = "contract-counter") => new(kind, Id(name));

    [Fact]
    public async Task ReadAsync_NeverWritten_ReturnsInitialAtVersionZero()
    {
        var credential = await Store.ReadAsync<CredentialState>(EntityKey.Credential(Id("nobody")));
        var provider = await Store.ReadAsync<ProviderState>(EntityKey.Provider(Id("nobody")));
        var counter = await Store.ReadAsync<ContractCounterState>(CounterKey("nobody"));

        EntityStateAssert.Equivalent(CredentialState.Initial, credential);
        EntityStateAssert.Equivalent(ProviderState.Initial, provider);
        Assert.Equal(ContractCounterState.Initial, counter);
        Assert.Equal(0, credential.Version);
    }

    [Fact]
    public async Task ApplyAsync_SuccessiveTransitions_BumpVersionByOneAndNextReadSeesNewState()
    {
        var key = CounterKey("steps");
        for (var step = 1; step <= 5; step++)
        {
            ContractCounterState? seen = null;

            var produced = await Store.ApplyAsync<ContractCounterState, long>(key, (state, _) =>
            {
                seen = state;
                return ContractCounterState.Increment(state);
            });

            Assert.Equal(new ContractCounterState(step - 1, step - 1), seen);
            Assert.Equal(step, produced);
            Assert.Equal(new ContractCounterState(step, step), await Store.ReadAsync<ContractCounterState>(key));
        }
    }

    [Fact]
    public async Task ApplyAsync_TransitionSetsItsOwnVersion_StoreStampsPreviousPlusOne()
    {
        var key = CounterKey("stamp");
        await Store.ApplyAsync<ContractCounterState, long>(key, (state, _) => ContractCounterState.Increment(state));

        await Store.ApplyAsync<ContractCounterState, bool>(key, (state, _) => new(state with { Version = 42, Count = 7 }, true));
        await Store.ApplyAsync<ContractCounterState, bool>(key, (state, _) => new(state with { Version = -1 }, true));

        Assert.Equal(new ContractCounterState(3, 7), await Store.ReadAsync<ContractCounterState>(key));
    }

    [Fact]
    public async Task AcquireCredentialAsync_Granted_NextReadSeesLeaseAndWindowUsage()
    {
        var id = Id("key");
        var policy = Policy(2, new WindowLimit("minute", TimeSpan.FromMinutes(1), 10, 1000));

        var lease = (await Store.AcquireCredentialAsync(id, Acquire("l1", policy, tokens: 40, node: "node-a"))).Lease;

        var state = await Store.ReadAsync<CredentialState>(EntityKey.Credential(id));
        Assert.NotNull(lease);
        Assert.Equal(1, state.Version);
        Assert.Equal(lease, Assert.Single(state.Leases));
        var window = Assert.Single(state.Windows);
        Assert.Equal(new WindowBucket(window.BucketIndex(Time.GetUtcNow()), 1, 40), Assert.Single(window.Buckets));
    }

    [Fact]
    public async Task ReadManyAsync_TwoKindsSomeNeverWritten_EachStateInKeyOrder()
    {
        var policy = Policy(4);
        await Store.AcquireCredentialAsync(Id("many-b"), Acquire("l1", policy));
        await Store.AcquireCredentialAsync(Id("many-b"), Acquire("l2", policy));
        await Store.AcquireCredentialAsync(Id("many-a"), Acquire("l3", policy));
        await Store.SettleProviderAsync(Id("many-p"), "l3", new AttemptOutcome(OutcomeKind.ServerError, 500, null), BreakerOptions.Default);
        string[] credentials = [Id("many-b"), Id("many-none"), Id("many-a")];

        var (read, providers) = await Store.ReadManyAsync<CredentialState, ProviderState>(
            credentials.Select(id => EntityKey.Credential(id)).ToArray(), [EntityKey.Provider(Id("many-p")), EntityKey.Provider(Id("many-none"))]);

        Assert.Equal(new long[] { 2, 0, 1 }, read.Select(state => state.Version));
        Assert.Equal(new[] { 2, 0, 1 }, read.Select(state => state.Leases.Length));
        Assert.Equal(new long[] { 1, 0 }, providers.Select(state => state.Version));
    }

    [Fact]
    public async Task ApplyAsync_SameIdOtherKindOrSameKindOtherId_EntitiesIndependent()
    {
        var first = CounterKey("shared", kind: "contract-a");
        var otherKind = CounterKey("shared", kind: "contract-b");
        var otherId = CounterKey("other", kind: "contract-a");

        for (var i = 0; i < 3; i++)
        {
            await Store.ApplyAsync<ContractCounterState, long>(first, (state, _) => ContractCounterState.Increment(state));
        }

        await Store.ApplyAsync<ContractCounterState, long>(otherKind, (state, _) => ContractCounterState.Increment(state));
        await Store.AcquireCredentialAsync(Id("shared"), Acquire("l1", Policy(null)));

        Assert.Equal(new ContractCounterState(3, 3), await Store.ReadAsync<ContractCounterState>(first));
        Assert.Equal(new ContractCounterState(1, 1), await Store.ReadAsync<ContractCounterState>(otherKind));
        Assert.Equal(ContractCounterState.Initial, await Store.ReadAsync<ContractCounterState>(otherId));
        Assert.Equal(1, (await Store.ReadAsync<CredentialState>(EntityKey.Credential(Id("shared")))).Version);
        Assert.Equal(0, (await Store.ReadAsync<ProviderState>(EntityKey.Provider(Id("shared")))).Version);
    }

    [Fact]
    public async Task AcquireCredentialAsync_ConcurrentAcquiresAgainstConcurrencyLimit_GrantExactlyTheLimit()
    {
        const int limit = 7;
        var id = Id("busy");
        var policy = Policy(limit);

        var results = await AcquireInParallelAsync(id, policy, tokens: 0);

        var granted = results.Where(r => r.Granted).Select(r => r.Lease!.Id).ToList();
        Assert.Equal(limit, granted.Count);
        Assert.All(results.Where(r => !r.Granted), r => Assert.Equal(RefusalKind.ConcurrencyFull, r.Refusal!.Kind));
        var state = await Store.ReadAsync<CredentialState>(EntityKey.Credential(id));
        Assert.Equal(granted.Order(StringComparer.Ordinal), state.Leases.Select(l => l.Id).Order(StringComparer.Ordinal));
        Assert.Equal(Workers * CallsPerWorker, state.Version);
    }

    [Fact]
    public async Task AcquireCredentialAsync_ConcurrentAcquiresAgainstRequestWindow_GrantExactlyTheLimit()
    {
        const int limit = 23;
        var id = Id("window");
        var policy = Policy(null, new WindowLimit("minute", TimeSpan.FromMinutes(1), limit, null));

        var results = await AcquireInParallelAsync(id, policy, tokens: 5);

        Assert.Equal(limit, results.Count(r => r.Granted));
        Assert.All(results.Where(r => !r.Granted), r => Assert.Equal(RefusalKind.WindowExhausted, r.Refusal!.Kind));
        var state = await Store.ReadAsync<CredentialState>(EntityKey.Credential(id));
        var usage = Assert.Single(state.WindowsFor(policy.Limits, Time.GetUtcNow()));
        Assert.Equal(limit, usage.Requests);
        Assert.Equal(limit * 5, usage.Tokens);
        Assert.Equal(Workers * CallsPerWorker, state.Version);
    }

    [Fact]
    public async Task AcquireCredentialAsync_ConcurrentAcquiresAgainstTokenWindow_GrantExactlyWhatFits()
    {
        var id = Id("tokens");
        var policy = Policy(null, new WindowLimit("minute", TimeSpan.FromMinutes(1), null, 1000));

        var results = await AcquireInParallelAsync(id, policy, tokens: 40);

        Assert.Equal(25, results.Count(r => r.Granted));
        var state = await Store.ReadAsync<CredentialState>(EntityKey.Credential(id));
        Assert.Equal(1000, Assert.Single(state.WindowsFor(policy.Limits, Time.GetUtcNow())).Tokens);
        Assert.Equal(Workers * CallsPerWorker, state.Version);
    }

    [Fact]
    public async Task ApplyAsync_ConcurrentTransitionsThatMayBeRerun_EachAppliedExactlyOnce()
    {
        var key = CounterKey("race");
        var stores = await NodesAsync();
        var invocations = 0;
        var inconsistent = 0;

        var produced = await RunInParallelAsync(stores, (store, _, _) => store.ApplyAsync<ContractCounterState, long>(key, (state, _) =>
        {
            Interlocked.Increment(ref invocations);
            if (state.Count != state.Version)
            {
                Interlocked.Increment(ref inconsistent);
            }

            return ContractCounterState.Increment(state);
        }).AsTask());

        const int calls = Workers * CallsPerWorker;
        Assert.Equal(Enumerable.Range(1, calls).Select(i => (long)i), produced.Order());
        Assert.Equal(new ContractCounterState(calls, calls), await Store.ReadAsync<ContractCounterState>(key));
        Assert.True(invocations >= calls, $"{invocations} invocations for {calls} applied transitions");
        Assert.Equal(0, inconsistent);
    }

    [Fact]
    public async Task ApplyAsyncWithKnownState_ConcurrentCallersWithStaleSnapshots_EachAppliedExactlyOnceOnCurrentState()
    {
        var key = CounterKey("known-race");
        var stores = await NodesAsync();
        var inconsistent = 0;

        var produced = await RunInParallelAsync(stores, async (store, _, _) =>
        {
            // Read, then apply with that read as the known state: under contention most are stale.
            var known = await store.ReadAsync<ContractCounterState>(key);
            return await store.ApplyAsync<ContractCounterState, long>(key, known, (state, _) =>
            {
                if (state.Count != state.Version)
                {
                    Interlocked.Increment(ref inconsistent);
                }

                return ContractCounterState.Increment(state);
            });
        });

        const int calls = Workers * CallsPerWorker;
        Assert.Equal(Enumerable.Range(1, calls).Select(i => (long)i), produced.Order());
        Assert.Equal(new ContractCounterState(calls, calls), await Store.ReadAsync<ContractCounterState>(key));
        Assert.Equal(0, inconsistent);
    }

    [Fact]
    public async Task ApplyAsyncWithKnownState_KnownIsStale_TransitionSeesCurrentState()
    {
        var key = CounterKey("known-stale");
        await Store.ApplyAsync<ContractCounterState, long>(key, (state, _) => ContractCounterState.Increment(state));
        var stale = await Store.ReadAsync<ContractCounterState>(key);
        await Store.ApplyAsync<ContractCounterState, long>(key, (state, _) => ContractCounterState.Increment(state));

        var produced = await Store.ApplyAsync<ContractCounterState, long>(key, stale, (state, _) => ContractCounterState.Increment(state));

        Assert.Equal(3, produced);
        Assert.Equal(new ContractCounterState(3, 3), await Store.ReadAsync<ContractCounterState>(key));
    }

    [Fact]
    public async Task AdmitProviderAsync_HalfOpenUnderConcurrentAdmits_AdmitsExactlyTheAllowedProbes()
    {
        var id = Id("provider");
        var options = new BreakerOptions(1, 1.0, TimeSpan.FromSeconds(30), 100, TimeSpan.FromSeconds(30), HalfOpenProbes: 3);
        await Store.AdmitProviderAsync(id, "first", Time.GetUtcNow() + LeaseTtl, options);
        await Store.SettleProviderAsync(id, "first", new AttemptOutcome(OutcomeKind.ServerError, 500), options);
        Assert.NotNull(await Store.AdmitProviderAsync(id, "while-open", Time.GetUtcNow() + LeaseTtl, options));
        Time.Advance(options.BreakDuration);

        var refusals = await RunInParallelAsync(await NodesAsync(), (store, worker, call) =>
            store.AdmitProviderAsync(id, $"w{worker}-{call}", Time.GetUtcNow() + LeaseTtl, options).AsTask());

        Assert.Equal(options.HalfOpenProbes, refusals.Count(r => r is null));
        var state = await Store.ReadAsync<ProviderState>(EntityKey.Provider(id));
        Assert.Equal(BreakerPhase.HalfOpen, state.Breaker.Phase);
        Assert.Equal(options.HalfOpenProbes, state.Breaker.Probes.Length);
        Assert.Equal(3 + (Workers * CallsPerWorker), state.Version);
    }

    [Fact]
    public async Task ApplyAsync_RichCredentialStateReadByAnotherStoreInstance_BehavesTheSame()
    {
        var id = Id("rich");
        var breaker = new BreakerOptions(2, 0.9, TimeSpan.FromSeconds(60), 100, TimeSpan.FromSeconds(30), HalfOpenProbes: 2);
        var limits = new CredentialLimits(8, [
            new WindowLimit("minute", TimeSpan.FromMinutes(1), 100, 100_000),
            new WindowLimit("5h", TimeSpan.FromHours(5), 1000, null),
        ]);
        var policy = new CredentialPolicy(limits, breaker, "fp-1");
        var rotated = policy with { Fingerprint = "fp-2" };
        var shadow = new ShadowCredential(Store, id, Time);

        foreach (var (lease, node, tokens) in new[] { ("a", "node-a", 500L), ("b", "node-b", 300L), ("c", "node-a", 100L), ("d", "node-b", 50L), ("e", "node-c", 10L), ("f", "node-b", 20L) })
        {
            Assert.True((await shadow.AcquireAsync(Acquire(lease, policy, tokens, node: node))).Granted);
        }

        Time.Advance(TimeSpan.FromSeconds(2));
        var headers = new RateLimitObservation(
            RemainingRequests: 40, RequestsResetAt: Time.GetUtcNow().AddSeconds(30), RemainingTokens: 9000,
            TokensResetAt: Time.GetUtcNow().AddSeconds(60), LimitRequests: 100, LimitTokens: 100_000);
        await shadow.SettleAsync(Settle("a", new AttemptOutcome(OutcomeKind.Success, 200, 200, TimeSpan.FromMilliseconds(812.5), TimeSpan.FromMilliseconds(153.3), headers), policy));
        await shadow.SettleAsync(Settle("b", new AttemptOutcome(OutcomeKind.ServerError, 503, Latency: TimeSpan.FromMilliseconds(97)), policy));
        await shadow.SettleAsync(Settle("c", new AttemptOutcome(OutcomeKind.ServerError, 500, Latency: TimeSpan.FromMilliseconds(41)), policy));
        Assert.Equal(RefusalKind.BreakerOpen, (await shadow.AcquireAsync(Acquire("refused", policy))).Refusal?.Kind);

        Time.Advance(TimeSpan.FromSeconds(31));
        Assert.True((await shadow.AcquireAsync(Acquire("p1", policy, 70, node: "node-a"))).Lease?.Probe);
        Assert.True((await shadow.AcquireAsync(Acquire("p2", policy, 80, node: "node-c"))).Lease?.Probe);
        Assert.False((await shadow.AcquireAsync(Acquire("p3", policy, 90, node: "node-c"))).Granted);
        await shadow.SettleAsync(Settle("p1", new AttemptOutcome(OutcomeKind.Timeout), policy));
        var limited = new RateLimitObservation(
            RetryAt: Time.GetUtcNow().AddSeconds(20), RemainingRequests: 0, RequestsResetAt: Time.GetUtcNow().AddSeconds(25), LimitRequests: 100);
        await shadow.SettleAsync(Settle("d", new AttemptOutcome(OutcomeKind.RateLimited, 429, RateLimits: limited), policy));
        await shadow.SettleAsync(Settle("e", new AttemptOutcome(OutcomeKind.AuthFailed, 401), policy));

        var expected = shadow.State;
        Assert.Equal(2, expected.Windows.Length);
        Assert.Equal(2, expected.Windows[0].Buckets.Length);
        Assert.Equal(["f", "p2"], expected.Leases.Select(l => l.Id));
        Assert.Equal(BreakerPhase.Open, expected.Breaker.Phase);
        Assert.Equal("p2", Assert.Single(expected.Breaker.Probes).LeaseId);
        Assert.NotNull(expected.CooldownUntil);
        Assert.Equal(limited, expected.Learned);
        Assert.True(expected.Health.Samples > 0);
        Assert.Equal("fp-1", expected.DisabledFingerprint);

        var other = await CreateStoreAsync(Time);
        EntityStateAssert.Equivalent(expected, await other.ReadAsync<CredentialState>(EntityKey.Credential(id)));
        EntityStateAssert.Equivalent(expected, await Store.ReadAsync<CredentialState>(EntityKey.Credential(id)));

        var reader = new ShadowCredential(other, id, Time, expected);
        await reader.AssertSameViewAsync(policy, RefusalKind.Disabled);
        await reader.AssertSameViewAsync(rotated, RefusalKind.CoolingDown);
        Time.Advance(TimeSpan.FromSeconds(21));
        await reader.AssertSameViewAsync(rotated, RefusalKind.BreakerOpen);
        Time.Advance(TimeSpan.FromSeconds(10));
        await reader.AssertSameViewAsync(rotated, expectedRefusal: null);

        // The other node carries on from the state it read, and decides as the pure transitions do.
        Assert.True((await reader.AcquireAsync(Acquire("p4", rotated, 60, node: "node-b"))).Lease?.Probe);
        Assert.Equal(RefusalKind.BreakerOpen, (await reader.AcquireAsync(Acquire("p5", rotated, 60, node: "node-b"))).Refusal?.Kind);
        Assert.Equal(2, await reader.ReleaseNodeAsync("node-b"));
        EntityStateAssert.Equivalent(reader.State, await Store.ReadAsync<CredentialState>(EntityKey.Credential(id)));
    }

    [Fact]
    public async Task SettleProviderAsync_OutcomesReadByAnotherStoreInstance_BehavesTheSame()
    {
        var id = Id("provider-rich");
        var key = EntityKey.Provider(id);
        var options = new BreakerOptions(50, 0.5, TimeSpan.FromSeconds(60), 4, TimeSpan.FromSeconds(30), 1);
        var expected = ProviderState.Initial;
        var outcomes = new[]
        {
            new AttemptOutcome(OutcomeKind.Success, 200, Latency: TimeSpan.FromMilliseconds(120.25), TimeToFirstToken: TimeSpan.FromMilliseconds(33.3)),
            new AttemptOutcome(OutcomeKind.ServerError, 502, Latency: TimeSpan.FromMilliseconds(15)),
            new AttemptOutcome(OutcomeKind.Success, 200, Latency: TimeSpan.FromMilliseconds(99.9)),
        };

        for (var i = 0; i < outcomes.Length; i++)
        {
            var lease = $"l{i}";
            var expiry = Time.GetUtcNow() + LeaseTtl;
            Assert.Null(await Store.AdmitProviderAsync(id, lease, expiry, options));
            expected = ProviderTransitions.Admit(expected, lease, expiry, options, Time.GetUtcNow()).State.WithVersion(expected.Version + 1);
            Time.Advance(TimeSpan.FromSeconds(7));
            Assert.True(await Store.SettleProviderAsync(id, lease, outcomes[i], options));
            expected = ProviderTransitions.Settle(expected, lease, outcomes[i], options, Time.GetUtcNow()).State.WithVersion(expected.Version + 1);
        }

        Assert.Equal(3, expected.Breaker.Samples.Length);
        var other = await CreateStoreAsync(Time);
        var read = await other.ReadAsync<ProviderState>(key);
        EntityStateAssert.Equivalent(expected, read);

        // One more failure reaches the failure ratio (2 of 4) on both copies alike.
        var fourth = new AttemptOutcome(OutcomeKind.ConnectError);
        Assert.Null(await other.AdmitProviderAsync(id, "l3", Time.GetUtcNow() + LeaseTtl, options));
        await other.SettleProviderAsync(id, "l3", fourth, options);
        expected = ProviderTransitions.Admit(expected, "l3", Time.GetUtcNow() + LeaseTtl, options, Time.GetUtcNow()).State.WithVersion(expected.Version + 1);
        expected = ProviderTransitions.Settle(expected, "l3", fourth, options, Time.GetUtcNow()).State.WithVersion(expected.Version + 1);
        Assert.Equal(BreakerPhase.Open, expected.Breaker.Phase);
        EntityStateAssert.Equivalent(expected, await Store.ReadAsync<ProviderState>(key));
    }

    [Fact]
    public async Task AcquireCredentialAsync_StoreClockPassesLeaseTtl_LeaseExpiresAndSlotIsReused()
    {
        var id = Id("ttl");
        var policy = Policy(1);
        var ttl = TimeSpan.FromSeconds(30);
        var acquiredAt = Time.GetUtcNow();

        var first = (await Store.AcquireCredentialAsync(id, Acquire("l1", policy, ttl: ttl))).Lease!;
        Time.Advance(ttl - TimeSpan.FromSeconds(1));
        var refused = await Store.AcquireCredentialAsync(id, Acquire("l2", policy, ttl: ttl));
        Time.Advance(TimeSpan.FromSeconds(1));
        var second = await Store.AcquireCredentialAsync(id, Acquire("l3", policy, ttl: ttl));

        Assert.Equal(acquiredAt, first.AcquiredAt);
        Assert.Equal(acquiredAt + ttl, first.ExpiresAt);
        Assert.Equal(RefusalKind.ConcurrencyFull, refused.Refusal?.Kind);
        Assert.Equal(first.ExpiresAt, refused.Refusal!.RetryAt);
        Assert.True(second.Granted);
        Assert.Equal(acquiredAt + ttl, second.Lease!.AcquiredAt);
        Assert.Equal("l3", Assert.Single((await Store.ReadAsync<CredentialState>(EntityKey.Credential(id))).Leases).Id);
    }

    [Fact]
    public async Task AcquireCredentialAsync_StoreClockPassesCooldown_GrantsAgain()
    {
        var id = Id("cooldown");
        var policy = Policy(null);
        await Store.AcquireCredentialAsync(id, Acquire("l1", policy));
        await Store.SettleCredentialAsync(id, Settle("l1", new AttemptOutcome(OutcomeKind.RateLimited, 429), policy));
        var until = Time.GetUtcNow() + DefaultCooldown;

        Time.Advance(DefaultCooldown - TimeSpan.FromTicks(1));
        var refused = await Store.AcquireCredentialAsync(id, Acquire("l2", policy));
        Time.Advance(TimeSpan.FromTicks(1));
        var granted = await Store.AcquireCredentialAsync(id, Acquire("l3", policy));

        Assert.Equal(RefusalKind.CoolingDown, refused.Refusal?.Kind);
        Assert.Equal(until, refused.Refusal!.RetryAt);
        Assert.True(granted.Granted);
    }

    [Fact]
    public async Task ReleaseNodeLeasesAsync_LeasesOfSeveralNodes_ReleasesExactlyThatNodesLeases()
    {
        var id = Id("nodes");
        var policy = Policy(6);
        foreach (var (lease, node) in new[] { ("a1", "node-a"), ("b1", "node-b"), ("a2", "node-a"), ("n1", null), ("a3", "node-a"), ("b2", "node-b") })
        {
            Assert.True((await Store.AcquireCredentialAsync(id, Acquire(lease, policy, node: node))).Granted);
        }

        var released = await Store.ReleaseNodeLeasesAsync(id, "node-a");
        var again = await Store.ReleaseNodeLeasesAsync(id, "node-a");
        var unknown = await Store.ReleaseNodeLeasesAsync(id, "node-z");

        Assert.Equal(3, released);
        Assert.Equal(0, again);
        Assert.Equal(0, unknown);
        var state = await Store.ReadAsync<CredentialState>(EntityKey.Credential(id));
        Assert.Equal(["b1", "n1", "b2"], state.Leases.Select(l => l.Id));
        Assert.Equal(9, state.Version);
        var refills = new List<bool>();
        for (var i = 0; i < 4; i++)
        {
            refills.Add((await Store.AcquireCredentialAsync(id, Acquire($"c{i}", policy, node: "node-c"))).Granted);
        }

        Assert.Equal([true, true, true, false], refills);
    }

    [Fact]
    public async Task ReleaseNodeLeasesAsync_NodeHoldingHalfOpenProbe_FreesTheProbeSlot()
    {
        var id = Id("probe");
        var breaker = new BreakerOptions(1, 1.0, TimeSpan.FromSeconds(30), 100, TimeSpan.FromSeconds(30), HalfOpenProbes: 1);
        var policy = new CredentialPolicy(CredentialLimits.Unlimited, breaker, "fp-1");
        await Store.AcquireCredentialAsync(id, Acquire("first", policy, node: "node-a"));
        await Store.SettleCredentialAsync(id, Settle("first", new AttemptOutcome(OutcomeKind.ServerError, 500), policy));
        Time.Advance(breaker.BreakDuration);
        var probe = await Store.AcquireCredentialAsync(id, Acquire("probe-a", policy, node: "node-a"));
        var blocked = await Store.AcquireCredentialAsync(id, Acquire("probe-b", policy, node: "node-b"));

        var released = await Store.ReleaseNodeLeasesAsync(id, "node-a");
        var next = await Store.AcquireCredentialAsync(id, Acquire("probe-c", policy, node: "node-b"));

        Assert.True(probe.Lease?.Probe);
        Assert.Equal(RefusalKind.BreakerOpen, blocked.Refusal?.Kind);
        Assert.Equal(1, released);
        Assert.True(next.Lease?.Probe);
        var state = await Store.ReadAsync<CredentialState>(EntityKey.Credential(id));
        Assert.Equal("probe-c", Assert.Single(state.Breaker.Probes).LeaseId);
        Assert.Equal("probe-c", Assert.Single(state.Leases).Id);
    }

    [Fact]
    public async Task ApplyAsync_CancelledToken_ThrowsAndAppliesNothing()
    {
        var written = CounterKey("cancel-written");
        var fresh = CounterKey("cancel-fresh");
        await Store.ApplyAsync<ContractCounterState, long>(written, (state, _) => ContractCounterState.Increment(state));
        await Store.ApplyAsync<ContractCounterState, long>(written, (state, _) => ContractCounterState.Increment(state));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await Store.ApplyAsync<ContractCounterState, long>(written, (state, _) => ContractCounterState.Increment(state), cancellation.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await Store.ApplyAsync<ContractCounterState, long>(fresh, (state, _) => ContractCounterState.Increment(state), cancellation.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await Store.AcquireCredentialAsync(Id("cancel"), Acquire("l1", Policy(1)), cancellation.Token));

        Assert.Equal(new ContractCounterState(2, 2), await Store.ReadAsync<ContractCounterState>(written));
        Assert.Equal(ContractCounterState.Initial, await Store.ReadAsync<ContractCounterState>(fresh));
        Assert.Equal(0, (await Store.ReadAsync<CredentialState>(EntityKey.Credential(Id("cancel")))).Version);
        Assert.Equal(1, await Store.ApplyAsync<ContractCounterState, long>(fresh, (state, _) => ContractCounterState.Increment(state)));
        Assert.True((await Store.AcquireCredentialAsync(Id("cancel"), Acquire("l2", Policy(1)))).Granted);
    }

    [Fact]
    public async Task ApplyAsync_TokenCancelledWhileTransitionRuns_EitherAppliedAndReturnedOrThrownAndNothingApplied()
    {
        var key = CounterKey("cancel-midway");
        await Store.ApplyAsync<ContractCounterState, long>(key, (state, _) => ContractCounterState.Increment(state));
        using var cancellation = new CancellationTokenSource();

        // Never both: a caller told "cancelled" must not have spent a permit it will never settle.
        long? produced = null;
        try
        {
            produced = await Store.ApplyAsync<ContractCounterState, long>(key, (state, _) =>
            {
                cancellation.Cancel();
                return ContractCounterState.Increment(state);
            }, cancellation.Token);
        }
        catch (OperationCanceledException)
        {
        }

        var state = await Store.ReadAsync<ContractCounterState>(key);
        Assert.Equal(produced is null ? new ContractCounterState(1, 1) : new ContractCounterState(2, 2), state);
        Assert.True(produced is null or 2, $"produced {produced}");
    }

    [Fact]
    public async Task ApplyAsync_TransitionThrows_PropagatesAndAppliesNothing()
    {
        var key = CounterKey("throws");
        await Store.ApplyAsync<ContractCounterState, long>(key, (state, _) => ContractCounterState.Increment(state));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await Store.ApplyAsync<ContractCounterState, long>(key, (_, _) => throw new InvalidOperationException("transition refused")));

        Assert.Equal("transition refused", error.Message);
        Assert.Equal(new ContractCounterState(1, 1), await Store.ReadAsync<ContractCounterState>(key));
        Assert.Equal(2, await Store.ApplyAsync<ContractCounterState, long>(key, (state, _) => ContractCounterState.Increment(state)));
    }

    protected static CredentialPolicy Policy(int? concurrency, params WindowLimit[] windows) =>
        new(new CredentialLimits(concurrency, windows), BreakerOptions.Default, "fp-1");

    protected static AcquireCommand Acquire(string leaseId, CredentialPolicy policy, long tokens = 0, TimeSpan? ttl = null, string? node = null) =>
        new(leaseId, tokens, ttl ?? LeaseTtl, policy, node);

    protected static SettleCommand Settle(string leaseId, AttemptOutcome outcome, CredentialPolicy policy) =>
        new(leaseId, outcome, policy, new CooldownPolicy(DefaultCooldown, CooldownPolicy.DefaultMaxLearnedWait));

    /// <summary><see cref="Nodes"/> handles on this test's entities, the first being <see cref="Store"/>.</summary>
    protected async Task<IReadOnlyList<IEntityStore>> NodesAsync()
    {
        var stores = new List<IEntityStore> { Store };
        for (var i = 1; i < Nodes; i++)
        {
            stores.Add(await CreateStoreAsync(Time));
        }

        return stores;
    }

    /// <summary>
    /// Runs <see cref="Workers"/> workers, spread over <paramref name="stores"/>, each making
    /// <see cref="CallsPerWorker"/> calls in a row; all start together so their calls overlap.
    /// </summary>
    protected static async Task<IReadOnlyList<T>> RunInParallelAsync<T>(IReadOnlyList<IEntityStore> stores, Func<IEntityStore, int, int, Task<T>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            await start.Task;
            var results = new List<T>(CallsPerWorker);
            for (var i = 0; i < CallsPerWorker; i++)
            {
                results.Add(await call(stores[worker % stores.Count], worker, i));
            }

            return results;
        })).ToArray();
        start.SetResult();
        return [.. (await Task.WhenAll(workers)).SelectMany(r => r)];
    }

    private async Task<IReadOnlyList<AcquireResult>> AcquireInParallelAsync(string id, CredentialPolicy policy, long tokens) =>
        await RunInParallelAsync(await NodesAsync(), (store, worker, call) =>
            store.AcquireCredentialAsync(id, Acquire($"w{worker}-{call}", policy, tokens, node: $"node-{worker % Nodes}")).AsTask());

    /// <summary>
    /// Applies each credential transition both through a store and to a local copy by the pure
    /// function, at the same fake time, and checks that both answer the same: a state that lost
    /// anything on its way through the store makes the two diverge.
    /// </summary>
    private sealed class ShadowCredential(IEntityStore store, string id, TimeProvider time, CredentialState? start = null)
    {
        public CredentialState State { get; private set; } = start ?? CredentialState.Initial;

        public Task<AcquireResult> AcquireAsync(AcquireCommand command) =>
            ApplyAsync((state, now) => CredentialTransitions.Acquire(state, command, now));

        public Task<bool> SettleAsync(SettleCommand command) =>
            ApplyAsync((state, now) => CredentialTransitions.Settle(state, command, now));

        public Task<int> ReleaseNodeAsync(string node) =>
            ApplyAsync((state, now) => CredentialTransitions.ReleaseNode(state, node, now));

        public async Task AssertSameViewAsync(CredentialPolicy policy, RefusalKind? expectedRefusal)
        {
            var now = time.GetUtcNow();
            var stored = await store.ReadAsync<CredentialState>(EntityKey.Credential(id));
            var want = CredentialTransitions.View(State, policy, 100, now);
            var got = CredentialTransitions.View(stored, policy, 100, now);
            Assert.Equal(expectedRefusal, want.Refusal?.Kind);
            Assert.Equal(want, got);
        }

        private async Task<TResult> ApplyAsync<TResult>(TransitionFunc<CredentialState, TResult> transition)
        {
            var result = await store.ApplyAsync(EntityKey.Credential(id), transition);
            var (next, expected) = transition(State, time.GetUtcNow());
            State = next.WithVersion(State.Version + 1);
            Assert.Equal(expected, result);
            return result;
        }
    }
}
