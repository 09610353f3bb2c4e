using System.Globalization;
using System.Text.Json.Nodes;

namespace RoutingCluster.Testing;

/// <summary>
/// One moment of a <see cref="MockPlan"/>, taken under its lock, and how the plan's format renders it.
/// The binding window is the one with the higher utilization; on a tie, the 5h window, unless both are
/// exhausted, when it is the one that resets later (usage comes back only then).
/// </summary>
/// <param name="Admitted">The model request was admitted (stepped and counted); false for a refusal or a usage read.</param>
internal readonly record struct MockPlanState(
    MockPlanFormat Format,
    double Utilization5h,
    DateTimeOffset Reset5h,
    double Utilization7d,
    DateTimeOffset Reset7d,
    DateTimeOffset Now,
    bool Admitted = false)
{
    private const double WarningAt = 0.8;

    public bool Exhausted => Utilization5h >= 1 || Utilization7d >= 1;

    private bool BindingIsFiveHour =>
        Utilization5h > Utilization7d
        || (Utilization5h == Utilization7d && !(Utilization5h >= 1 && Reset7d > Reset5h));

    private DateTimeOffset BindingReset => BindingIsFiveHour ? Reset5h : Reset7d;

    /// <summary>The plan's headers for any answer to its key.</summary>
    public IReadOnlyList<(string Name, string Value)> Headers() =>
        Format == MockPlanFormat.Anthropic ? AnthropicHeaders() : CodexHeaders();

    /// <summary>The 429 a plan at its limit answers instead of the scripted reply.</summary>
    public MockReply Refusal(ReceivedRequest request)
    {
        string body;
        if (Format == MockPlanFormat.Codex)
        {
            body = new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["type"] = "usage_limit_reached",
                    ["message"] = "The usage limit has been reached",
                    ["resets_in_seconds"] = SecondsUntil(BindingReset),
                    ["resets_at"] = BindingReset.ToUnixTimeSeconds(),
                },
            }.ToJsonString();
        }
        else
        {
            var error = new MockError(
                "This request would exceed your account's rate limit. Please try again later.",
                "rate_limit_exceeded",
                null,
                AnthropicType: "rate_limit_error");
            body = AnthropicMockWire.Instance.Error(request, 429, error);
        }

        return MockReply.Status(429, body);
    }

    private List<(string, string)> AnthropicHeaders()
    {
        const string prefix = "anthropic-ratelimit-unified-";
        return
        [
            (prefix + "status", Status(Math.Max(Utilization5h, Utilization7d))),
            (prefix + "reset", Epoch(BindingReset)),
            (prefix + "representative-claim", BindingIsFiveHour ? "five_hour" : "seven_day"),
            (prefix + "5h-utilization", Fraction(Utilization5h)),
            (prefix + "5h-reset", Epoch(Reset5h)),
            (prefix + "5h-status", Status(Utilization5h)),
            (prefix + "7d-utilization", Fraction(Utilization7d)),
            (prefix + "7d-reset", Epoch(Reset7d)),
            (prefix + "7d-status", Status(Utilization7d)),
        ];
    }

    private List<(string, string)> CodexHeaders() =>
        [.. CodexWindow("primary", Utilization5h, Reset5h, 300), .. CodexWindow("secondary", Utilization7d, Reset7d, 10080)];

    private (string, string)[] CodexWindow(string which, double utilization, DateTimeOffset reset, int minutes)
    {
        var prefix = "x-codex-" + which + "-";
        return
        [
            (prefix + "used-percent", Math.Round(utilization * 100, 2).ToString("0.##", CultureInfo.InvariantCulture)),
            (prefix + "window-minutes", minutes.ToString(CultureInfo.InvariantCulture)),
            (prefix + "reset-at", Epoch(reset)),
            (prefix + "reset-after-seconds", SecondsUntil(reset).ToString(CultureInfo.InvariantCulture)),
        ];
    }

    private static string Status(double utilization) =>
        utilization >= 1 ? "rejected" : utilization >= WarningAt ? "allowed_warning" : "allowed";

    private static string Fraction(double utilization) =>
        Math.Round(utilization, 4).ToString("0.####", CultureInfo.InvariantCulture);

    private static string Epoch(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>Whole seconds from <see cref="Now"/>, rounded up, never below 0.</summary>
    private long SecondsUntil(DateTimeOffset at) => Math.Max(0, (long)Math.Ceiling((at - Now).TotalSeconds));
}
