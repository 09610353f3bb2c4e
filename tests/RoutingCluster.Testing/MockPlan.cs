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
    private double _utilization5h;
    private double _utilization7d;
    private DateTimeOffset _reset5h;
    private DateTimeOffset _reset7d;
    private double _step5h;
    private double _step7d;
    private int _counted;
    private int _usageReads;

    /// <param name="time">The clock for <c>reset-after</c> figures and the default resets; the system clock when null.</param>
    public MockPlan(MockPlanFormat format, TimeProvider? time = null)
    {
        Format = format;
        _time = time ?? TimeProvider.System;
        var now = _time.GetUtcNow();
        _reset5h = now + TimeSpan.FromHours(5);
        _reset7d = now + TimeSpan.FromDays(7);
    }

    public MockPlanFormat Format { get; }

    /// <summary>What each admitted model request adds to the 5h window's utilization (default 0).</summary>
    public double Step5h
    {
        get
        {
            lock (_gate)
            {
                return _step5h;
            }
        }
        set
        {
            var step = CheckFraction(value);
            lock (_gate)
            {
                _step5h = step;
            }
        }
    }

    /// <summary>What each admitted model request adds to the 7d window's utilization (default 0).</summary>
    public double Step7d
    {
        get
        {
            lock (_gate)
            {
                return _step7d;
            }
        }
        set
        {
            var step = CheckFraction(value);
            lock (_gate)
            {
                _step7d = step;
            }
        }
    }

    /// <summary>Model requests admitted (and stepped); refused ones are not counted.</summary>
    public int Counted
    {
        get
        {
            lock (_gate)
            {
                return _counted;
            }
        }
    }

    /// <summary>Reads of the usage endpoint (<c>GET /plan/usage</c>) for this plan's key.</summary>
    public int UsageReads
    {
        get
        {
            lock (_gate)
            {
                return _usageReads;
            }
        }
    }

    /// <summary>Sets <paramref name="window"/> (<c>"5h"</c> or <c>"7d"</c>) to <paramref name="utilization"/> (0..1),
    /// out of band: the next answer shows it.</summary>
    public void Set(string window, double utilization)
    {
        var value = CheckFraction(utilization);
        var fiveHour = IsFiveHour(window);
        lock (_gate)
        {
            if (fiveHour)
            {
                _utilization5h = value;
            }
            else
            {
                _utilization7d = value;
            }
        }
    }

    public double Utilization(string window)
    {
        var fiveHour = IsFiveHour(window);
        lock (_gate)
        {
            return fiveHour ? _utilization5h : _utilization7d;
        }
    }

    public void SetReset(string window, DateTimeOffset resetAt)
    {
        var fiveHour = IsFiveHour(window);
        lock (_gate)
        {
            if (fiveHour)
            {
                _reset5h = resetAt;
            }
            else
            {
                _reset7d = resetAt;
            }
        }
    }

    public DateTimeOffset ResetOf(string window)
    {
        var fiveHour = IsFiveHour(window);
        lock (_gate)
        {
            return fiveHour ? _reset5h : _reset7d;
        }
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

            _utilization5h = AddCapped(_utilization5h, _step5h);
            _utilization7d = AddCapped(_utilization7d, _step7d);
            _counted++;
            return StateLocked() with { Admitted = true };
        }
    }

    /// <summary>The state as is, for an answer that neither counts nor steps.</summary>
    internal MockPlanState Peek()
    {
        lock (_gate)
        {
            return StateLocked();
        }
    }

    /// <summary>A read of the usage endpoint: the state as is, counted in <see cref="UsageReads"/>.</summary>
    internal MockPlanState ReadUsage()
    {
        lock (_gate)
        {
            _usageReads++;
            return StateLocked();
        }
    }

    private MockPlanState StateLocked() =>
        new(Format, _utilization5h, _reset5h, _utilization7d, _reset7d, _time.GetUtcNow());

    /// <summary>Rounded so that steps like 0.1 reach exactly 1.</summary>
    private static double AddCapped(double utilization, double step) => Math.Min(1.0, Math.Round(utilization + step, 10));

    private static double CheckFraction(double value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
        {
            throw new ArgumentOutOfRangeException(name, value, "A plan figure is a fraction between 0 and 1.");
        }

        return value;
    }

    private static bool IsFiveHour(string window) =>
        window switch
        {
            FiveHour => true,
            SevenDay => false,
            _ => throw new ArgumentException($"Unknown plan window '{window}'; use \"{FiveHour}\" or \"{SevenDay}\".", nameof(window)),
        };
}
