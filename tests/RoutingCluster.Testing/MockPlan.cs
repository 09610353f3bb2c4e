namespace RoutingCluster.Testing;

/// <summary>
/// A subscription plan (Claude Pro/Max or a ChatGPT/Codex plan) that <see cref="MockUpstream"/> plays for one
/// API key (see <see cref="MockUpstream.SetPlan"/>): two usage windows, <see cref="FiveHour"/> and
/// <see cref="SevenDay"/>, each with a utilization (a fraction 0..1) and a reset time. Each model request the
/// plan admits adds <see cref="Step5h"/> and <see cref="Step7d"/> (capped at 1); once a window is at 1, model
/// requests are refused with a 429 until a test lowers it (<see cref="Set"/>). Windows never reset by
/// themselves: a reset time in the past stays in the past. Thread-safe.
/// </summary>
public sealed class MockPlan
{
    public const string FiveHour = "5h";
    public const string SevenDay = "7d";

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Window _fiveHour;
    private readonly Window _sevenDay;
    private int _counted;
    private int _usageReads;

    /// <param name="time">The clock for <c>reset-after</c> figures and the default resets; the system clock when null.</param>
    public MockPlan(MockPlanFormat format, TimeProvider? time = null)
    {
        Format = format;
        _time = time ?? TimeProvider.System;
        var now = _time.GetUtcNow();
        _fiveHour = new Window(now + TimeSpan.FromHours(5));
        _sevenDay = new Window(now + TimeSpan.FromDays(7));
    }

    public MockPlanFormat Format { get; }

    /// <summary>What each admitted model request adds to the 5h window's utilization (default 0).</summary>
    public double Step5h
    {
        get => Locked(() => _fiveHour.Step);
        set => SetStep(_fiveHour, value);
    }

    /// <summary>What each admitted model request adds to the 7d window's utilization (default 0).</summary>
    public double Step7d
    {
        get => Locked(() => _sevenDay.Step);
        set => SetStep(_sevenDay, value);
    }

    /// <summary>Model requests admitted (and stepped); refused ones are not counted.</summary>
    public int Counted => Locked(() => _counted);

    /// <summary>Reads of the usage endpoint (<c>GET /plan/usage</c>) for this plan's key.</summary>
    public int UsageReads => Locked(() => _usageReads);

    /// <summary>Sets <paramref name="window"/> (<c>"5h"</c> or <c>"7d"</c>) to <paramref name="utilization"/> (0..1),
    /// out of band: the next answer shows it.</summary>
    public void Set(string window, double utilization)
    {
        var value = CheckFraction(utilization);
        var target = Of(window);
        Locked(() => target.Utilization = value);
    }

    public double Utilization(string window)
    {
        var target = Of(window);
        return Locked(() => target.Utilization);
    }

    public void SetReset(string window, DateTimeOffset resetAt)
    {
        var target = Of(window);
        Locked(() => target.Reset = resetAt);
    }

    public DateTimeOffset ResetOf(string window)
    {
        var target = Of(window);
        return Locked(() => target.Reset);
    }

    /// <summary>A model request: refused when a window is already at 1; else stepped and counted.
    /// Returns the state after that.</summary>
    internal MockPlanState Admit()
    {
        lock (_gate)
        {
            var state = StateLocked();
            if (state.Exhausted)
            {
                return state;
            }

            _fiveHour.StepOnce();
            _sevenDay.StepOnce();
            _counted++;
            return StateLocked() with { Admitted = true };
        }
    }

    /// <summary>The state as is, for an answer that neither counts nor steps.</summary>
    internal MockPlanState Peek() => Locked(StateLocked);

    /// <summary>A read of the usage endpoint: the state as is, counted in <see cref="UsageReads"/>.</summary>
    internal MockPlanState ReadUsage() => Locked(() =>
    {
        _usageReads++;
        return StateLocked();
    });

    private MockPlanState StateLocked() =>
        new(Format, _fiveHour.Utilization, _fiveHour.Reset, _sevenDay.Utilization, _sevenDay.Reset, _time.GetUtcNow());

    private void SetStep(Window window, double value)
    {
        var step = CheckFraction(value);
        Locked(() => window.Step = step);
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private static double CheckFraction(double value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
        {
            throw new ArgumentOutOfRangeException(name, value, "A plan figure is a fraction between 0 and 1.");
        }

        return value;
    }

    private Window Of(string window) =>
        window switch
        {
            FiveHour => _fiveHour,
            SevenDay => _sevenDay,
            _ => throw new ArgumentException($"Unknown plan window '{window}'; use \"{FiveHour}\" or \"{SevenDay}\".", nameof(window)),
        };

    /// <summary>One window's figures; read and written under the plan's lock only.</summary>
    private sealed class Window(DateTimeOffset reset)
    {
        public double Utilization { get; set; }

        public DateTimeOffset Reset { get; set; } = reset;

        public double Step { get; set; }

        /// <summary>Adds one step, capped at 1; rounded so that steps like 0.1 reach exactly 1.</summary>
        public void StepOnce() => Utilization = Math.Min(1.0, Math.Round(Utilization + Step, 10));
    }
}
