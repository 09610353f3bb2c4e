using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using RoutingCluster.Entities;
using RoutingCluster.Grains.Credentials;
using RoutingCluster.Grains.Fleet;
using RoutingCluster.Grains.Plans;
using RoutingCluster.Plans;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Grains.Tests.Credentials;

/// <summary>
/// A subscription profile's heartbeat on three silos, every silo watching the profile as gateway
/// nodes do: one probe per interval cluster-wide, none while responses keep its figures fresh, and
/// what the probe heard lands in the grain (source heartbeat). The fake clock drives the grain's
/// decisions; the grain's one-second tick is Orleans' real timer, counted through the interval
/// lookups it makes, so each step waits for ticks that saw the new time instead of sleeping, and the
/// clock moves only once the grain has recorded what a probe heard.
/// </summary>
public sealed class ProfileHeartbeatTests : IAsyncLifetime
{
    private const string Profile = "profile-1";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly CredentialPolicy Policy = new(CredentialLimits.Unlimited, BreakerOptions.Default, "fingerprint", new PlanPolicy([new PlanThreshold("5h", 0.9)]));
    private readonly CountingProbes _probes = new();
    private ThreeSiloCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ThreeSiloCluster.StartAsync(services: s => s.AddSingleton<IPlanProbes>(_probes));
        _probes.Time = _cluster.Time;
        foreach (var factory in _cluster.SiloFactories())
        {
            await factory.GetGrain<ICredentialGrain>(Profile).Watch(factory.CreateObjectReference<IFleetObserver>(new NoObserver()), "node", [], Policy.Limits);
        }
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task IdleProfile_OneProbePerIntervalAcrossThreeSilos_AndTheGrainLearnsWhatItHeard()
    {
        var start = _cluster.Time.GetUtcNow();
        await UntilAsync(() => _probes.Probes.Count == 1, "the first probe (nothing known yet)");
        await LearnedAsync();

        // Two minutes in half-interval steps: probes at 60 s and 120 s, never more. Each step waits for
        // the probes due by then (a tick busy elsewhere, e.g. a checkpoint on a loaded machine, may be
        // late) and for the grain to have learned what they heard; at the end, two more ticks, in which
        // a probe too many would show.
        for (var step = 1; step <= 4; step++)
        {
            await AdvanceAsync(Interval / 2);
            var due = 1 + (step / 2);
            await UntilAsync(() => _probes.Probes.Count >= due, $"probe {due} at {step * 30} s");
            await LearnedAsync();
        }

        var ticks = _probes.Ticks;
        await UntilAsync(() => _probes.Ticks >= ticks + 2, "two more ticks of the profile's grain");

        Assert.Equal([start, start + Interval, start + (2 * Interval)], _probes.Probes.Order());
        var state = await StateAsync();
        var window = state.Plan!.Window("5h")!;
        Assert.Equal((0.42, PlanSource.Heartbeat, start + (2 * Interval)), (window.Utilization, window.Source, window.ObservedAt));
        Assert.Equal(start + (2 * Interval), state.Plan.LastProbeAt);
    }

    [Fact]
    public async Task ResponsesKeepTheFigureFresh_NoProbeUntilItIsAnIntervalOld()
    {
        var start = _cluster.Time.GetUtcNow();
        await UntilAsync(() => _probes.Probes.Count == 1, "the first probe (nothing known yet)");
        await LearnedAsync();

        // At 30 s a response (through another silo) says 5h is at 50%.
        await AdvanceAsync(Interval / 2);
        var observed = new PlanObservation([new PlanWindowReading("5h", 0.5, start + TimeSpan.FromHours(5))]);
        await _cluster.SiloFactories()[2].GetGrain<ICredentialGrain>(Profile).Settle(new SettleCommand(
            "lease-x", new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 1, RateLimits: new RateLimitObservation(Plan: observed)), Policy, new CooldownPolicy(TimeSpan.FromSeconds(15), TimeSpan.FromHours(1))));

        // At 60 s the last probe is an interval old, but the figure is not: no probe. At 90 s it is.
        await AdvanceAsync(Interval / 2);
        Assert.Single(_probes.Probes);
        await AdvanceAsync(Interval / 2);
        Assert.Equal([start, start + (Interval * 1.5)], _probes.Probes.Order());
    }

    /// <summary>Moves the clock and waits for two ticks of the profile's grain that saw it.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        _cluster.Time.Advance(by);
        var ticks = _probes.Ticks;
        await UntilAsync(() => _probes.Ticks >= ticks + 2, "two ticks of the profile's grain");
    }

    /// <summary>
    /// Waits for the grain to have learned what its latest probe heard. A probe is counted as it goes
    /// out and the grain records what it heard right after, at the clock's time then: a clock moved
    /// in between would date the figure later than the probe (once seen under load: the 60 s probe
    /// was not due until 90 s).
    /// </summary>
    private async Task LearnedAsync()
    {
        var heard = _probes.Probes.Max();
        await UntilAsync(async () => (await StateAsync()).Plan?.LastFigureAt == heard, $"the grain to learn the probe of {heard:HH:mm:ss}");
    }

    private async Task<CredentialState> StateAsync() =>
        await _cluster.Grains.GetGrain<ICredentialGrain>(Profile).Watch(_cluster.Grains.CreateObjectReference<IFleetObserver>(new NoObserver()), "node", [], Policy.Limits);

    /// <summary>Waits within the bound; when it gives up, says what the grain knew and what the silos logged.</summary>
    private Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    private async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        try
        {
            await Bounded.UntilAsync(condition, what, Bound);
        }
        catch (TimeoutException e)
        {
            var plan = (await StateAsync()).Plan;
            throw new TimeoutException(
                $"{e.Message} Clock {_cluster.Time.GetUtcNow():HH:mm:ss}, ticks {_probes.Ticks}, probes [{string.Join(", ", _probes.Probes.Select(p => $"{p:HH:mm:ss}"))}], "
                + $"grain's last probe {plan?.LastProbeAt:HH:mm:ss}, last figure {plan?.LastFigureAt:HH:mm:ss}. Silos logged:{Environment.NewLine}{_cluster.Log.Tail()}",
                e);
        }
    }

    /// <summary>What every silo's node would do for the profile's heartbeat: counted, answering 5h at 42%.</summary>
    private sealed class CountingProbes : IPlanProbes
    {
        private int _ticks;

        public ConcurrentQueue<DateTimeOffset> Probes { get; } = new();

        public TimeProvider Time { get; set; } = TimeProvider.System;

        public int Ticks => Volatile.Read(ref _ticks);

        public TimeSpan? IntervalFor(string credentialId)
        {
            if (credentialId != Profile)
            {
                return null;
            }

            Interlocked.Increment(ref _ticks);
            return Interval;
        }

        public Task<PlanObservation?> ProbeAsync(string credentialId, CancellationToken cancellationToken)
        {
            var now = Time.GetUtcNow();
            Probes.Enqueue(now);
            return Task.FromResult<PlanObservation?>(new PlanObservation([new PlanWindowReading("5h", 0.42, now + TimeSpan.FromHours(5))]));
        }
    }
}
