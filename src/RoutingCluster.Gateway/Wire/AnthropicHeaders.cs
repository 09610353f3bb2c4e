namespace RoutingCluster.Gateway.Wire;

/// <summary>
/// The client headers an Anthropic-speaking client may pass on to an Anthropic upstream, and the
/// strict grammar each value must follow: <c>anthropic-version</c> is a date (<c>2023-06-01</c>);
/// <c>anthropic-beta</c> a comma-separated list of flag names (letters, digits, <c>.</c>, <c>_</c>,
/// <c>-</c>). Nothing else a client sends reaches an upstream.
/// </summary>
public static class AnthropicHeaders
{
    public const string Version = "anthropic-version";
    public const string Beta = "anthropic-beta";

    public const int MaxBetaLength = 1024;
    private const int MaxBetaFlags = 32;
    private const int MaxFlagLength = 64;

    public static IReadOnlyList<string> Passed { get; } = [Version, Beta];

    /// <summary>Why <paramref name="value"/> is not acceptable for <paramref name="name"/>, or null when it is.</summary>
    public static string? Problem(string name, string value) => name switch
    {
        Version when !IsDate(value) => $"`{Version}` must be a date such as `2023-06-01`.",
        Beta when !IsFlagList(value) =>
            $"`{Beta}` must be a comma-separated list of at most {MaxBetaFlags} flag names (letters, digits, `.`, `_`, `-`; {MaxFlagLength} characters each, {MaxBetaLength} in all).",
        Version or Beta => null,
        _ => $"`{name}` is not passed on to upstreams.",
    };

    private static bool IsDate(string value) =>
        value.Length == 10 && value[4] == '-' && value[7] == '-'
        && value.AsSpan(0, 4).ContainsAnyExceptInRange('0', '9') is false
        && value.AsSpan(5, 2).ContainsAnyExceptInRange('0', '9') is false
        && value.AsSpan(8, 2).ContainsAnyExceptInRange('0', '9') is false;

    private static bool IsFlagList(string value)
    {
        if (value.Length is 0 or > MaxBetaLength)
        {
            return false;
        }

        var flags = 0;
        foreach (var range in value.AsSpan().Split(','))
        {
            var flag = value.AsSpan(range).Trim(' ');
            if (++flags > MaxBetaFlags || flag.Length is 0 or > MaxFlagLength)
            {
                return false;
            }

            foreach (var c in flag)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
