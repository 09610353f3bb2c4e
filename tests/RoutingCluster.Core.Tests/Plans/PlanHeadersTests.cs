using System.Globalization;
using Xunit;

namespace RoutingCluster.Plans.Tests;

public sealed class PlanHeadersTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset In2h = Now.AddHours(2);

    private static readonly DateTimeOffset In3d = Now.AddDays(3);

    private static string Epoch(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static PlanHeaderRead Parse(params (string Name, string Value)[] headers) => Parse([], headers);

    private static PlanHeaderRead Parse(IReadOnlyList<PlanHeaderMapping> mapping, params (string Name, string Value)[] headers)
    {
        var map = headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
        return PlanHeaders.Parse(name => map.GetValueOrDefault(name), mapping, Now);
    }

    private static PlanWindowReading Window(PlanHeaderRead read, string name)
    {
        Assert.NotNull(read.Observation);
        return Assert.Single(read.Observation.Windows, w => w.Name == name);
    }

    // ---- nothing said ----

    [Fact]
    public void Parse_NoHeaders_NullObservationNothingIgnored()
    {
        var read = Parse();

        Assert.Null(read.Observation);
        Assert.Empty(read.Ignored);
    }

    [Fact]
    public void Parse_UnrelatedHeadersOnly_NullObservationNothingIgnored()
    {
        var read = Parse(("content-type", "application/json"), ("x-ratelimit-remaining-requests", "5"), ("retry-after", "30"));

        Assert.Null(read.Observation);
        Assert.Empty(read.Ignored);
    }

    [Fact]
    public void Parse_EmptyAndBlankValues_TreatedAsAbsent()
    {
        var read = Parse(
            ("anthropic-ratelimit-unified-5h-utilization", ""),
            ("anthropic-ratelimit-unified-5h-reset", "   "),
            ("anthropic-ratelimit-unified-status", " "),
            ("x-codex-primary-used-percent", ""));

        Assert.Null(read.Observation);
        Assert.Empty(read.Ignored);
    }

    [Fact]
    public void Parse_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => PlanHeaders.Parse(null!, [], Now));
        Assert.Throws<ArgumentNullException>(() => PlanHeaders.Parse(_ => null, null!, Now));
    }

    // ---- Anthropic unified headers ----

    [Fact]
    public void Parse_AnthropicUnified_ReadsEveryWindowAndTheOverallStatus()
    {
        var read = Parse(
            ("anthropic-ratelimit-unified-status", "allowed_warning"),
            ("anthropic-ratelimit-unified-reset", Epoch(In2h)),
            ("anthropic-ratelimit-unified-representative-claim", "five_hour"),
            ("anthropic-ratelimit-unified-5h-utilization", "0.93"),
            ("anthropic-ratelimit-unified-5h-reset", Epoch(In2h)),
            ("anthropic-ratelimit-unified-5h-status", "allowed_warning"),
            ("anthropic-ratelimit-unified-7d-utilization", "0.41"),
            ("anthropic-ratelimit-unified-7d-reset", Epoch(In3d)),
            ("anthropic-ratelimit-unified-7d-status", "allowed"),
            ("anthropic-ratelimit-unified-overage-utilization", "0"),
            ("anthropic-ratelimit-unified-overage-reset", Epoch(In3d)),
            ("anthropic-ratelimit-unified-overage-status", "rejected"));

        Assert.Empty(read.Ignored);
        var observation = read.Observation;
        Assert.NotNull(observation);
        Assert.Equal("allowed_warning", observation.Status);
        Assert.Equal(In2h, observation.ResetAt);
        Assert.Equal("five_hour", observation.Claim);
        Assert.False(observation.LimitReached);
        Assert.Equal(["5h", "7d", "overage"], observation.Windows.Select(w => w.Name));
        Assert.Equal(new PlanWindowReading("5h", 0.93, In2h, "allowed_warning"), observation.Windows[0]);
        Assert.Equal(new PlanWindowReading("7d", 0.41, In3d, "allowed"), observation.Windows[1]);
        Assert.Equal(new PlanWindowReading("overage", 0, In3d, "rejected"), observation.Windows[2]);
    }

    [Fact]
    public void Parse_AnthropicUtilization_ReadAsAFraction()
    {
        var read = Parse(("anthropic-ratelimit-unified-5h-utilization", "0.5"));

        Assert.Equal(0.5, Window(read, "5h").Utilization);
    }

    [Fact]
    public void Parse_AnthropicReset_ReadAsEpochSeconds()
    {
        var read = Parse(("anthropic-ratelimit-unified-7d-reset", "1773050400"));

        Assert.Equal(new DateTimeOffset(2026, 3, 9, 10, 0, 0, TimeSpan.Zero), Window(read, "7d").ResetAt);
    }

    [Fact]
    public void Parse_AnthropicFractionalEpoch_KeepsTheFraction()
    {
        var read = Parse(("anthropic-ratelimit-unified-5h-reset", Epoch(In2h) + ".5"));

        Assert.Equal(In2h.AddMilliseconds(500), Window(read, "5h").ResetAt);
    }

    [Fact]
    public void Parse_HeaderNamesInAnyCase_AreFound()
    {
        var read = Parse(
            ("Anthropic-RateLimit-Unified-5h-Utilization", "0.25"),
            ("ANTHROPIC-RATELIMIT-UNIFIED-STATUS", "allowed"));

        Assert.Equal(0.25, Window(read, "5h").Utilization);
        Assert.Equal("allowed", read.Observation!.Status);
    }

    [Fact]
    public void Parse_ValuesWithSurroundingSpaces_AreTrimmed()
    {
        var read = Parse(
            ("anthropic-ratelimit-unified-5h-utilization", "  0.3 "),
            ("anthropic-ratelimit-unified-5h-status", " allowed "));

        Assert.Empty(read.Ignored);
        Assert.Equal(new PlanWindowReading("5h", 0.3, null, "allowed"), Window(read, "5h"));
    }

    [Fact]
    public void Parse_OnlyAWindowsStatus_YieldsAWindowWithoutFigures()
    {
        var read = Parse(("anthropic-ratelimit-unified-7d-status", "allowed"));

        Assert.Equal(new PlanWindowReading("7d", null, null, "allowed"), Window(read, "7d"));
        Assert.Null(read.Observation!.Status);
    }

    [Fact]
    public void Parse_OnlyTheOverallStatus_YieldsAnObservationWithoutWindows()
    {
        var read = Parse(("anthropic-ratelimit-unified-status", "allowed"));

        var observation = read.Observation;
        Assert.NotNull(observation);
        Assert.Empty(observation.Windows);
        Assert.Equal("allowed", observation.Status);
        Assert.False(observation.LimitReached);
    }

    [Fact]
    public void Parse_StatusRejected_SetsLimitReached()
    {
        var read = Parse(
            ("anthropic-ratelimit-unified-status", "rejected"),
            ("anthropic-ratelimit-unified-5h-utilization", "1"),
            ("anthropic-ratelimit-unified-5h-status", "rejected"));

        Assert.True(read.Observation!.LimitReached);
        Assert.Equal("rejected", read.Observation.Status);
    }

    [Fact]
    public void Parse_StatusInUpperCase_ReadLowerCasedAndStillRejects()
    {
        var read = Parse(("anthropic-ratelimit-unified-status", "REJECTED"), ("anthropic-ratelimit-unified-5h-status", "Allowed_Warning"));

        Assert.Equal("rejected", read.Observation!.Status);
        Assert.True(read.Observation.LimitReached);
        Assert.Equal("allowed_warning", Window(read, "5h").Status);
    }

    [Fact]
    public void Parse_OnlyAWindowRejected_DoesNotSetLimitReached()
    {
        var read = Parse(("anthropic-ratelimit-unified-status", "allowed"), ("anthropic-ratelimit-unified-overage-status", "rejected"));

        Assert.False(read.Observation!.LimitReached);
        Assert.Equal("rejected", Window(read, "overage").Status);
    }

    [Theory]
    [InlineData("allowed_warning")]
    [InlineData("queued2")]
    public void Parse_StatusWord_Accepted(string status)
    {
        var read = Parse(("anthropic-ratelimit-unified-status", status));

        Assert.Equal(status, read.Observation!.Status);
        Assert.Empty(read.Ignored);
    }

    [Theory]
    [InlineData("1.2", 1.0)]
    [InlineData("1.5", 1.0)]
    [InlineData("1", 1.0)]
    [InlineData("0", 0.0)]
    [InlineData("0.999", 0.999)]
    [InlineData("9.3e-1", 0.93)]
    public void Parse_FractionUpToOneAndAHalf_ReadCappedAtOne(string value, double expected)
    {
        var read = Parse(("anthropic-ratelimit-unified-5h-utilization", value));

        Assert.Empty(read.Ignored);
        Assert.Equal(expected, Window(read, "5h").Utilization!.Value, 9);
    }

    // ---- garbage ----

    [Theory]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("-0.2")]
    [InlineData("1e400")]
    [InlineData("1.51")]
    [InlineData("2.5")]
    [InlineData("0,5")]
    [InlineData("50%")]
    public void Parse_GarbageFraction_IgnoredAndNamedOtherValuesStillRead(string value)
    {
        var read = Parse(
            ("anthropic-ratelimit-unified-5h-utilization", value),
            ("anthropic-ratelimit-unified-5h-reset", Epoch(In2h)),
            ("anthropic-ratelimit-unified-7d-utilization", "0.4"),
            ("anthropic-ratelimit-unified-status", "allowed"));

        Assert.Equal([$"anthropic-ratelimit-unified-5h-utilization: {value}"], read.Ignored);
        Assert.Equal(new PlanWindowReading("5h", null, In2h), Window(read, "5h"));
        Assert.Equal(0.4, Window(read, "7d").Utilization);
        Assert.Equal("allowed", read.Observation!.Status);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-1")]
    [InlineData("1e400")]
    [InlineData("2026-03-04T12:00:00Z")]
    [InlineData("253402300800")]
    public void Parse_GarbageEpochReset_IgnoredAndNamed(string value)
    {
        var read = Parse(
            ("anthropic-ratelimit-unified-5h-utilization", "0.5"),
            ("anthropic-ratelimit-unified-5h-reset", value));

        Assert.Equal([$"anthropic-ratelimit-unified-5h-reset: {value}"], read.Ignored);
        Assert.Equal(new PlanWindowReading("5h", 0.5), Window(read, "5h"));
    }

    [Fact]
    public void Parse_ResetTenYearsAway_IgnoredAndNamed()
    {
        var far = Epoch(Now.AddYears(10));
        var read = Parse(
            ("anthropic-ratelimit-unified-7d-utilization", "0.5"),
            ("anthropic-ratelimit-unified-7d-reset", far),
            ("anthropic-ratelimit-unified-reset", far));

        Assert.Equal(
            [$"anthropic-ratelimit-unified-7d-reset: {far}", $"anthropic-ratelimit-unified-reset: {far}"],
            read.Ignored);
        Assert.Null(Window(read, "7d").ResetAt);
        Assert.Equal(0.5, Window(read, "7d").Utilization);
        Assert.Null(read.Observation!.ResetAt);
    }

    [Fact]
    public void Parse_ResetJustWithinTheLongestReset_Kept()
    {
        var edge = Now + PlanHeaders.LongestReset;
        var read = Parse(("anthropic-ratelimit-unified-7d-reset", Epoch(edge)));

        Assert.Empty(read.Ignored);
        Assert.Equal(edge, Window(read, "7d").ResetAt);
    }

    [Fact]
    public void Parse_ResetJustPastTheLongestReset_Ignored()
    {
        var beyond = Now + PlanHeaders.LongestReset + TimeSpan.FromSeconds(1);
        var read = Parse(("anthropic-ratelimit-unified-7d-reset", Epoch(beyond)));

        Assert.Null(read.Observation);
        Assert.Single(read.Ignored);
    }

    [Fact]
    public void Parse_ResetInThePast_KeptAsIs()
    {
        var past = Now.AddMinutes(-5);
        var read = Parse(("anthropic-ratelimit-unified-5h-reset", Epoch(past)));

        Assert.Empty(read.Ignored);
        Assert.Equal(past, Window(read, "5h").ResetAt);
    }

    [Theory]
    [InlineData("allowed warning")]
    [InlineData("allowed-warning")]
    [InlineData("allowed;rejected")]
    [InlineData("rejécted")]
    public void Parse_StatusNotAWord_IgnoredAndNamed(string value)
    {
        var read = Parse(
            ("anthropic-ratelimit-unified-status", value),
            ("anthropic-ratelimit-unified-5h-utilization", "0.2"));

        Assert.Equal([$"anthropic-ratelimit-unified-status: {value}"], read.Ignored);
        Assert.Null(read.Observation!.Status);
        Assert.False(read.Observation.LimitReached);
        Assert.Equal(0.2, Window(read, "5h").Utilization);
    }

    [Fact]
    public void Parse_StatusOf200Characters_IgnoredAndNamedCutShort()
    {
        var value = new string('a', 200);
        var read = Parse(("anthropic-ratelimit-unified-5h-status", value), ("anthropic-ratelimit-unified-5h-utilization", "0.1"));

        var ignored = Assert.Single(read.Ignored);
        Assert.Equal("anthropic-ratelimit-unified-5h-status: " + new string('a', 40) + "...", ignored);
        Assert.Equal(new PlanWindowReading("5h", 0.1), Window(read, "5h"));
    }

    [Fact]
    public void Parse_StatusOf33Characters_Ignored()
    {
        var read = Parse(("anthropic-ratelimit-unified-status", new string('a', 33)));

        Assert.Null(read.Observation);
        Assert.Single(read.Ignored);
    }

    [Fact]
    public void Parse_StatusOf32Characters_Accepted()
    {
        var value = new string('a', 32);
        var read = Parse(("anthropic-ratelimit-unified-status", value));

        Assert.Equal(value, read.Observation!.Status);
        Assert.Empty(read.Ignored);
    }

    [Fact]
    public void Parse_RejectedClaimGarbage_StillRejects()
    {
        var read = Parse(
            ("anthropic-ratelimit-unified-status", "rejected"),
            ("anthropic-ratelimit-unified-representative-claim", "five hour!"));

        Assert.True(read.Observation!.LimitReached);
        Assert.Null(read.Observation.Claim);
        Assert.Equal(["anthropic-ratelimit-unified-representative-claim: five hour!"], read.Ignored);
    }

    [Fact]
    public void Parse_OnlyGarbage_NullObservationButEverythingNamed()
    {
        var read = Parse(
            ("anthropic-ratelimit-unified-5h-utilization", "abc"),
            ("anthropic-ratelimit-unified-7d-reset", "NaN"),
            ("x-codex-primary-used-percent", "250"));

        Assert.Null(read.Observation);
        Assert.Equal(3, read.Ignored.Count);
        Assert.Contains("anthropic-ratelimit-unified-5h-utilization: abc", read.Ignored);
        Assert.Contains("anthropic-ratelimit-unified-7d-reset: NaN", read.Ignored);
        Assert.Contains("x-codex-primary-used-percent: 250", read.Ignored);
    }

    [Fact]
    public void Parse_LongGarbageNumber_NamedCutShort()
    {
        var value = new string('9', 60);
        var read = Parse(("anthropic-ratelimit-unified-5h-utilization", value));

        Assert.Equal(["anthropic-ratelimit-unified-5h-utilization: " + new string('9', 40) + "..."], read.Ignored);
    }

    // ---- Codex ----

    [Fact]
    public void Parse_CodexHeaders_PercentAsFractionWindowsNamedByLength()
    {
        var read = Parse(
            ("x-codex-primary-used-percent", "93"),
            ("x-codex-primary-window-minutes", "300"),
            ("x-codex-primary-reset-at", Epoch(In2h)),
            ("x-codex-secondary-used-percent", "41.5"),
            ("x-codex-secondary-window-minutes", "10080"),
            ("x-codex-secondary-reset-at", Epoch(In3d)));

        Assert.Empty(read.Ignored);
        var observation = read.Observation;
        Assert.NotNull(observation);
        Assert.Null(observation.Status);
        Assert.False(observation.LimitReached);
        Assert.Equal(2, observation.Windows.Length);
        Assert.Equal("5h", observation.Windows[0].Name);
        Assert.Equal(0.93, observation.Windows[0].Utilization!.Value, 9);
        Assert.Equal(In2h, observation.Windows[0].ResetAt);
        Assert.Null(observation.Windows[0].Status);
        Assert.Equal("7d", observation.Windows[1].Name);
        Assert.Equal(0.415, observation.Windows[1].Utilization!.Value, 9);
        Assert.Equal(In3d, observation.Windows[1].ResetAt);
    }

    [Theory]
    [InlineData("300", "5h")]
    [InlineData("10080", "7d")]
    [InlineData("90", "90m")]
    [InlineData("60", "1h")]
    [InlineData("1440", "1d")]
    [InlineData("1", "1m")]
    public void Parse_CodexWindowMinutes_NameTheWindow(string minutes, string name)
    {
        var read = Parse(("x-codex-primary-used-percent", "10"), ("x-codex-primary-window-minutes", minutes));

        Assert.Equal(name, Assert.Single(read.Observation!.Windows).Name);
    }

    [Fact]
    public void Parse_CodexWithoutWindowMinutes_NamedPrimaryAndSecondary()
    {
        var read = Parse(("x-codex-primary-used-percent", "10"), ("x-codex-secondary-used-percent", "20"));

        Assert.Equal(0.1, Window(read, "primary").Utilization!.Value, 9);
        Assert.Equal(0.2, Window(read, "secondary").Utilization!.Value, 9);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-300")]
    [InlineData("abc")]
    [InlineData("300.5")]
    [InlineData("44641")]
    public void Parse_CodexGarbageWindowMinutes_IgnoredAndNamedByPosition(string minutes)
    {
        var read = Parse(("x-codex-secondary-used-percent", "50"), ("x-codex-secondary-window-minutes", minutes));

        Assert.Equal([$"x-codex-secondary-window-minutes: {minutes}"], read.Ignored);
        Assert.Equal(0.5, Window(read, "secondary").Utilization!.Value, 9);
    }

    [Fact]
    public void Parse_CodexResetAfterSeconds_RelativeToNow()
    {
        var read = Parse(("x-codex-primary-used-percent", "10"), ("x-codex-primary-reset-after-seconds", "3600"));

        Assert.Equal(Now.AddHours(1), Window(read, "primary").ResetAt);
    }

    [Fact]
    public void Parse_CodexResetAtAndResetAfter_ResetAtPreferred()
    {
        var read = Parse(
            ("x-codex-primary-used-percent", "10"),
            ("x-codex-primary-reset-at", Epoch(In2h)),
            ("x-codex-primary-reset-after-seconds", "60"));

        Assert.Equal(In2h, Window(read, "primary").ResetAt);
        Assert.Empty(read.Ignored);
    }

    [Fact]
    public void Parse_CodexGarbageResetAt_FallsBackToResetAfter()
    {
        var read = Parse(
            ("x-codex-primary-used-percent", "10"),
            ("x-codex-primary-reset-at", "soon"),
            ("x-codex-primary-reset-after-seconds", "60"));

        Assert.Equal(Now.AddSeconds(60), Window(read, "primary").ResetAt);
        Assert.Equal(["x-codex-primary-reset-at: soon"], read.Ignored);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("1e400")]
    [InlineData("315360000")]
    public void Parse_CodexGarbageResetAfter_IgnoredAndNamed(string value)
    {
        var read = Parse(("x-codex-primary-used-percent", "10"), ("x-codex-primary-reset-after-seconds", value));

        Assert.Equal([$"x-codex-primary-reset-after-seconds: {value}"], read.Ignored);
        Assert.Null(Window(read, "primary").ResetAt);
        Assert.Equal(0.1, Window(read, "primary").Utilization!.Value, 9);
    }

    [Fact]
    public void Parse_CodexResetAfterOfExactlyTheLongestReset_Kept()
    {
        var seconds = PlanHeaders.LongestReset.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        var read = Parse(("x-codex-primary-reset-after-seconds", seconds));

        Assert.Equal(Now + PlanHeaders.LongestReset, Window(read, "primary").ResetAt);
        Assert.Empty(read.Ignored);
    }

    [Theory]
    [InlineData("120")]
    [InlineData("150")]
    [InlineData("100")]
    public void Parse_CodexPercentUpToOneAndAHalfWindows_ReadAsFull(string value)
    {
        var read = Parse(("x-codex-primary-used-percent", value));

        Assert.Empty(read.Ignored);
        Assert.Equal(1.0, Window(read, "primary").Utilization);
    }

    [Theory]
    [InlineData("250")]
    [InlineData("151")]
    [InlineData("-5")]
    [InlineData("NaN")]
    [InlineData("ninety")]
    public void Parse_CodexGarbagePercent_IgnoredOtherValuesStillRead(string value)
    {
        var read = Parse(
            ("x-codex-primary-used-percent", value),
            ("x-codex-primary-window-minutes", "300"),
            ("x-codex-primary-reset-at", Epoch(In2h)),
            ("x-codex-secondary-used-percent", "30"));

        Assert.Equal([$"x-codex-primary-used-percent: {value}"], read.Ignored);
        Assert.Equal(new PlanWindowReading("5h", null, In2h), Window(read, "5h"));
        Assert.Equal(0.3, Window(read, "secondary").Utilization!.Value, 9);
    }

    [Fact]
    public void Parse_CodexWindowMinutesAlone_NoObservation()
    {
        var read = Parse(("x-codex-primary-window-minutes", "300"));

        Assert.Null(read.Observation);
        Assert.Empty(read.Ignored);
    }

    // ---- generic mapping ----

    [Fact]
    public void Parse_MappingPercent_DividedByScale()
    {
        PlanHeaderMapping[] mapping = [new("x-plan-used", "daily", PlanHeaderValue.Utilization, 100)];

        var read = Parse(mapping, ("x-plan-used", "93"));

        Assert.Equal(0.93, Window(read, "daily").Utilization!.Value, 9);
    }

    [Fact]
    public void Parse_MappingFraction_ScaleOneByDefault()
    {
        PlanHeaderMapping[] mapping = [new("x-plan-used", "daily", PlanHeaderValue.Utilization)];

        var read = Parse(mapping, ("x-plan-used", "0.93"));

        Assert.Equal(1, mapping[0].Scale);
        Assert.Equal(0.93, Window(read, "daily").Utilization!.Value, 9);
    }

    [Fact]
    public void Parse_MappingOverFullPercent_ReadAsFull()
    {
        PlanHeaderMapping[] mapping = [new("x-plan-used", "daily", PlanHeaderValue.Utilization, 100)];

        var read = Parse(mapping, ("x-plan-used", "120"));

        Assert.Equal(1.0, Window(read, "daily").Utilization);
        Assert.Empty(read.Ignored);
    }

    [Fact]
    public void Parse_MappingPercentFarOverFull_Ignored()
    {
        PlanHeaderMapping[] mapping = [new("x-plan-used", "daily", PlanHeaderValue.Utilization, 100)];

        var read = Parse(mapping, ("x-plan-used", "250"));

        Assert.Null(read.Observation);
        Assert.Equal(["x-plan-used: 250"], read.Ignored);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void Parse_MappingWithoutAPositiveScale_Ignored(double scale)
    {
        PlanHeaderMapping[] mapping = [new("x-plan-used", "daily", PlanHeaderValue.Utilization, scale)];

        var read = Parse(mapping, ("x-plan-used", "50"));

        Assert.Null(read.Observation);
        Assert.Equal(["x-plan-used: 50"], read.Ignored);
    }

    [Fact]
    public void Parse_MappingEveryResetKind_Read()
    {
        PlanHeaderMapping[] mapping =
        [
            new("x-a-used", "a", PlanHeaderValue.Utilization, 100),
            new("x-a-reset", "a", PlanHeaderValue.ResetEpochSeconds),
            new("x-b-used", "b", PlanHeaderValue.Utilization),
            new("x-b-reset", "b", PlanHeaderValue.ResetAfterSeconds),
            new("x-c-reset", "c", PlanHeaderValue.ResetTime),
        ];

        var read = Parse(
            mapping,
            ("x-a-used", "50"),
            ("x-a-reset", Epoch(In2h)),
            ("x-b-used", "0.25"),
            ("x-b-reset", "90"),
            ("x-c-reset", "2026-03-05T08:30:00Z"));

        Assert.Empty(read.Ignored);
        Assert.Equal(["a", "b", "c"], read.Observation!.Windows.Select(w => w.Name));
        Assert.Equal(new PlanWindowReading("a", 0.5, In2h), Window(read, "a"));
        Assert.Equal(new PlanWindowReading("b", 0.25, Now.AddSeconds(90)), Window(read, "b"));
        Assert.Equal(new PlanWindowReading("c", null, new DateTimeOffset(2026, 3, 5, 8, 30, 0, TimeSpan.Zero)), Window(read, "c"));
    }

    [Fact]
    public void Parse_MappingResetTimeWithOffset_ResolvedToTheSameInstant()
    {
        PlanHeaderMapping[] mapping = [new("x-reset", "w", PlanHeaderValue.ResetTime)];

        var read = Parse(mapping, ("x-reset", "2026-03-04T14:00:00+02:00"));

        Assert.Equal(Now.AddHours(2), Window(read, "w").ResetAt);
    }

    [Fact]
    public void Parse_MappingResetTimeWithoutOffset_ReadAsUtc()
    {
        PlanHeaderMapping[] mapping = [new("x-reset", "w", PlanHeaderValue.ResetTime)];

        var read = Parse(mapping, ("x-reset", "2026-03-04T12:00:00"));

        Assert.Equal(In2h, Window(read, "w").ResetAt);
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("2036-03-04T12:00:00Z")]
    public void Parse_MappingGarbageResetTime_IgnoredAndNamed(string value)
    {
        PlanHeaderMapping[] mapping =
        [
            new("x-used", "w", PlanHeaderValue.Utilization),
            new("x-reset", "w", PlanHeaderValue.ResetTime),
        ];

        var read = Parse(mapping, ("x-used", "0.5"), ("x-reset", value));

        Assert.Equal([$"x-reset: {value}"], read.Ignored);
        Assert.Equal(new PlanWindowReading("w", 0.5), Window(read, "w"));
    }

    [Theory]
    [InlineData(PlanHeaderValue.ResetEpochSeconds, "abc")]
    [InlineData(PlanHeaderValue.ResetEpochSeconds, "-1")]
    [InlineData(PlanHeaderValue.ResetAfterSeconds, "-1")]
    [InlineData(PlanHeaderValue.ResetAfterSeconds, "Infinity")]
    [InlineData(PlanHeaderValue.Utilization, "NaN")]
    public void Parse_MappingGarbage_IgnoredAndNamed(PlanHeaderValue kind, string value)
    {
        PlanHeaderMapping[] mapping = [new("x-thing", "w", kind), new("x-other", "v", PlanHeaderValue.Utilization)];

        var read = Parse(mapping, ("x-thing", value), ("x-other", "0.7"));

        Assert.Equal([$"x-thing: {value}"], read.Ignored);
        Assert.Equal(["v"], read.Observation!.Windows.Select(w => w.Name));
        Assert.Equal(0.7, Window(read, "v").Utilization);
    }

    [Fact]
    public void Parse_MappingTwoUtilizationsForOneWindow_LaterValidOneWinsGarbageKeepsEarlier()
    {
        PlanHeaderMapping[] mapping =
        [
            new("x-used-fraction", "w", PlanHeaderValue.Utilization),
            new("x-used-percent", "w", PlanHeaderValue.Utilization, 100),
        ];

        var both = Parse(mapping, ("x-used-fraction", "0.2"), ("x-used-percent", "60"));
        var garbageLater = Parse(mapping, ("x-used-fraction", "0.2"), ("x-used-percent", "abc"));

        Assert.Equal(0.6, Window(both, "w").Utilization!.Value, 9);
        Assert.Equal(0.2, Window(garbageLater, "w").Utilization!.Value, 9);
        Assert.Equal(["x-used-percent: abc"], garbageLater.Ignored);
    }

    [Fact]
    public void Parse_MappingHeadersAbsent_NoWindowNothingIgnored()
    {
        PlanHeaderMapping[] mapping = [new("x-used", "w", PlanHeaderValue.Utilization, 100), new("x-reset", "w", PlanHeaderValue.ResetTime)];

        var read = Parse(mapping, ("anthropic-ratelimit-unified-5h-utilization", "0.1"));

        Assert.Equal(["5h"], read.Observation!.Windows.Select(w => w.Name));
        Assert.Empty(read.Ignored);
    }

    [Fact]
    public void Parse_MappingWindowNames_CompareOrdinally()
    {
        PlanHeaderMapping[] mapping = [new("x-a", "Daily", PlanHeaderValue.Utilization), new("x-b", "daily", PlanHeaderValue.Utilization)];

        var read = Parse(mapping, ("x-a", "0.1"), ("x-b", "0.2"));

        Assert.Equal(0.1, Window(read, "Daily").Utilization);
        Assert.Equal(0.2, Window(read, "daily").Utilization);
    }

    // ---- WindowName ----

    [Theory]
    [InlineData(300, "5h")]
    [InlineData(10080, "7d")]
    [InlineData(90, "90m")]
    [InlineData(60, "1h")]
    [InlineData(1440, "1d")]
    [InlineData(2880, "2d")]
    [InlineData(1500, "25h")]
    [InlineData(45, "45m")]
    public void WindowName_Minutes_NamedByTheLargestWholeUnit(long minutes, string name) =>
        Assert.Equal(name, PlanHeaders.WindowName(minutes));
}
