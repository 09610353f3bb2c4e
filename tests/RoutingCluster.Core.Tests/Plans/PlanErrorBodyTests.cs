using System.Globalization;
using System.Text;
using Xunit;

namespace RoutingCluster.Plans.Tests;

public sealed class PlanErrorBodyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private static PlanObservation? Read(string body) => PlanErrorBody.Read(Encoding.UTF8.GetBytes(body), Now);

    private static string Epoch(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static void AssertRefusal(PlanObservation? observed, DateTimeOffset? reset)
    {
        Assert.NotNull(observed);
        Assert.True(observed.LimitReached);
        Assert.Equal("rejected", observed.Status);
        Assert.Empty(observed.Windows);
        Assert.False(observed.IsEmpty);
        Assert.Null(observed.Claim);
        Assert.Equal(reset, observed.ResetAt);
    }

    [Fact]
    public void Read_TypeUsageLimitReached_Recognized()
    {
        var observed = Read("""{"error":{"type":"usage_limit_reached","message":"You have hit your usage limit.","plan_type":"plus"}}""");

        AssertRefusal(observed, null);
    }

    [Fact]
    public void Read_CodeUsageLimitReached_Recognized()
    {
        AssertRefusal(Read("""{"error":{"code":"usage_limit_reached"}}"""), null);
    }

    [Fact]
    public void Read_OtherTypeButCodeUsageLimitReached_Recognized()
    {
        AssertRefusal(Read("""{"error":{"type":"rate_limit_error","code":"usage_limit_reached"}}"""), null);
    }

    [Fact]
    public void Read_ResetsAtEpochSeconds_ReadAsTheReset()
    {
        var reset = Now.AddHours(3);

        var observed = Read($$$"""{"error":{"type":"usage_limit_reached","resets_at":{{{Epoch(reset)}}}}}""");

        AssertRefusal(observed, reset);
    }

    [Fact]
    public void Read_ResetsInSeconds_RelativeToNow()
    {
        var observed = Read("""{"error":{"type":"usage_limit_reached","resets_in_seconds":5400}}""");

        AssertRefusal(observed, Now.AddSeconds(5400));
    }

    [Fact]
    public void Read_FractionalResetsInSeconds_Kept()
    {
        AssertRefusal(Read("""{"error":{"code":"usage_limit_reached","resets_in_seconds":1.5}}"""), Now.AddSeconds(1.5));
    }

    [Fact]
    public void Read_BothResets_ResetsAtPreferred()
    {
        var reset = Now.AddHours(3);

        var observed = Read($$$"""{"error":{"type":"usage_limit_reached","resets_in_seconds":60,"resets_at":{{{Epoch(reset)}}}}}""");

        AssertRefusal(observed, reset);
    }

    [Fact]
    public void Read_ResetsAtTenYearsAway_FallsBackToResetsInSeconds()
    {
        var far = Epoch(Now.AddYears(10));

        var observed = Read($$$"""{"error":{"type":"usage_limit_reached","resets_at":{{{far}}},"resets_in_seconds":120}}""");

        AssertRefusal(observed, Now.AddSeconds(120));
    }

    [Theory]
    [InlineData("\"resets_at\":-1")]
    [InlineData("\"resets_at\":1e400")]
    [InlineData("\"resets_at\":99999999999999")]
    [InlineData("\"resets_at\":\"1772625600\"")]
    [InlineData("\"resets_at\":null")]
    [InlineData("\"resets_at\":true")]
    [InlineData("\"resets_in_seconds\":-60")]
    [InlineData("\"resets_in_seconds\":315360000")]
    [InlineData("\"resets_in_seconds\":1e400")]
    [InlineData("\"resets_in_seconds\":\"60\"")]
    [InlineData("\"resets_in_seconds\":{}")]
    [InlineData("\"resets_at\":-5,\"resets_in_seconds\":-5")]
    public void Read_AbsurdReset_RefusalWithoutReset(string reset)
    {
        var observed = Read($$$"""{"error":{"type":"usage_limit_reached",{{{reset}}}}}""");

        AssertRefusal(observed, null);
    }

    [Fact]
    public void Read_ResetsAtExactlyTheLongestResetAway_Kept()
    {
        var edge = Now + PlanHeaders.LongestReset;

        AssertRefusal(Read($$$"""{"error":{"type":"usage_limit_reached","resets_at":{{{Epoch(edge)}}}}}"""), edge);
    }

    [Fact]
    public void Read_ResetsAtJustPastTheLongestReset_Dropped()
    {
        var beyond = Now + PlanHeaders.LongestReset + TimeSpan.FromSeconds(1);

        AssertRefusal(Read($$$"""{"error":{"type":"usage_limit_reached","resets_at":{{{Epoch(beyond)}}}}}"""), null);
    }

    [Theory]
    [InlineData("""{"error":{"type":"rate_limit_error","message":"Rate limited"}}""")]
    [InlineData("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""")]
    [InlineData("""{"error":{"type":"USAGE_LIMIT_REACHED"}}""")]
    [InlineData("""{"error":{"type":"usage_limit_reached_soon"}}""")]
    [InlineData("""{"error":{"type":1}}""")]
    [InlineData("""{"error":{"code":null}}""")]
    [InlineData("""{"error":{"message":"usage_limit_reached"}}""")]
    [InlineData("""{"error":"usage_limit_reached"}""")]
    [InlineData("""{"error":["usage_limit_reached"]}""")]
    [InlineData("""{"error":null}""")]
    [InlineData("""{"type":"usage_limit_reached"}""")]
    [InlineData("""{"detail":{"type":"usage_limit_reached"}}""")]
    [InlineData("""{}""")]
    public void Read_OtherErrors_Null(string body)
    {
        Assert.Null(Read(body));
    }

    [Theory]
    [InlineData("""[{"error":{"type":"usage_limit_reached"}}]""")]
    [InlineData("\"usage_limit_reached\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    public void Read_NotAnObject_Null(string body)
    {
        Assert.Null(Read(body));
    }

    [Theory]
    [InlineData("{\"error\":{\"type\":\"usage_limit_reached\"")]
    [InlineData("""{"error":{"type":usage_limit_reached}}""")]
    [InlineData("""{"error":{"type":"usage_limit_reached",}}""")]
    [InlineData("usage_limit_reached")]
    [InlineData("<html><body>429 Too Many Requests</body></html>")]
    [InlineData("   ")]
    [InlineData("{")]
    public void Read_MalformedJson_Null(string body)
    {
        Assert.Null(Read(body));
    }

    [Fact]
    public void Read_Empty_Null()
    {
        Assert.Null(PlanErrorBody.Read([], Now));
        Assert.Null(PlanErrorBody.Read(ReadOnlySpan<byte>.Empty, Now));
    }

    [Fact]
    public void Read_InvalidUtf8InAnUnreadField_StillRecognized()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"error\":{\"type\":\"usage_limit_reached\",\"message\":\"x"), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}}")];

        AssertRefusal(PlanErrorBody.Read(body, Now), null);
    }

    [Fact]
    public void Read_InvalidUtf8InTheType_Null()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"error\":{\"type\":\"usage_limit_reached"), 0xFF, .. Encoding.UTF8.GetBytes("\"}}")];

        Assert.Null(PlanErrorBody.Read(body, Now));
    }

    [Fact]
    public void Read_DeeplyNested_Null()
    {
        var body = new string('[', 10_000) + new string(']', 10_000);

        Assert.Null(Read(body));
    }

    [Fact]
    public void Read_BodyOverSixtyFourKilobytes_Null()
    {
        var padding = new string(' ', 64 * 1024);
        var body = """{"error":{"type":"usage_limit_reached"}}""" + padding;

        Assert.Null(Read(body));
    }

    [Fact]
    public void Read_BodyJustUnderTheLimit_Recognized()
    {
        const string Json = "{\"error\":{\"type\":\"usage_limit_reached\",\"message\":\"";
        var message = new string('x', (64 * 1024) - Json.Length - 3);
        var body = Json + message + "\"}}";
        Assert.Equal(64 * 1024, Encoding.UTF8.GetByteCount(body));

        AssertRefusal(Read(body), null);
    }

    [Fact]
    public void Read_SurroundingWhitespace_Recognized()
    {
        AssertRefusal(Read("\n  {\"error\": {\"code\": \"usage_limit_reached\", \"resets_in_seconds\": 30}}\n"), Now.AddSeconds(30));
    }
}
