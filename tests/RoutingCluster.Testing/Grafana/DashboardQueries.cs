using System.Text.Json.Nodes;

namespace RoutingCluster.Testing.Grafana;

/// <summary>
/// The PromQL a Grafana dashboard runs, and the metric names it refers to.
/// <para>
/// A metric name is an identifier in selector position: not a function or aggregation (an
/// identifier followed by <c>(</c>), not a keyword (<c>by</c>, <c>without</c>, <c>on</c>,
/// <c>ignoring</c>, <c>group_left</c>, <c>group_right</c>, <c>bool</c>, <c>offset</c>, <c>and</c>,
/// <c>or</c>, <c>unless</c>, <c>atan2</c>, <c>inf</c>, <c>nan</c>), not a label (the lists after
/// by/without/on/ignoring/group_left/group_right and everything inside <c>{...}</c> are skipped),
/// not a Grafana variable (<c>$name</c>, <c>${name}</c>), and nothing inside a string, a range or
/// subquery bracket <c>[...]</c>, a number or duration, or a <c>#</c> comment. An exact
/// <c>__name__="..."</c> matcher (and Prometheus 3's quoted name alone in braces) names a metric too;
/// a regex <c>__name__=~</c> matcher names none.
/// </para>
/// <para>
/// The aggregation operators (<c>sum</c>, <c>min</c>, <c>max</c>, <c>avg</c>, <c>group</c>,
/// <c>stddev</c>, <c>stdvar</c>, <c>count</c>, <c>count_values</c>, <c>bottomk</c>, <c>topk</c>,
/// <c>quantile</c>, <c>limitk</c>, <c>limit_ratio</c>) are keywords wherever they stand.
/// </para>
/// <para>
/// Names are returned exactly as written: no suffix is stripped, so a histogram panel yields
/// <c>routing_gateway_overhead_seconds_bucket</c>, which is the sample name that appears in a
/// scrape (the family in <c># TYPE</c> lines is the name without <c>_bucket</c>, <c>_sum</c> or
/// <c>_count</c>).
/// </para>
/// </summary>
public static class DashboardQueries
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "atan2", "inf", "nan",
        // Aggregation operators are keywords too: `sum by (le) (x)` has no parenthesis right after `sum`.
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio",
    };

    private static readonly HashSet<string> LabelListKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right",
    };

    /// <summary>
    /// Every metric name the dashboard's queries refer to, sorted and distinct: the <c>expr</c> of
    /// every panel target (panels inside rows included) and the query of every templating variable
    /// (<c>label_values(SELECTOR, LABEL)</c> names the metrics of SELECTOR; <c>query_result(EXPR)</c>
    /// those of EXPR; <c>label_values(LABEL)</c> and <c>metrics(REGEX)</c> none).
    /// </summary>
    public static IReadOnlyList<string> MetricNames(string dashboardJsonPath)
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(dashboardJsonPath)) ?? throw new InvalidDataException($"{dashboardJsonPath} is empty.");
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var expr in Expressions(dashboard))
        {
            names.UnionWith(MetricNamesInExpr(expr));
        }

        foreach (var query in VariableQueries(dashboard))
        {
            names.UnionWith(MetricNamesInVariableQuery(query));
        }

        return [.. names];
    }

    /// <summary>The metric names one PromQL expression refers to, sorted and distinct.</summary>
    public static IReadOnlyList<string> MetricNamesInExpr(string expr)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        Scan(expr, names);
        return [.. names];
    }

    /// <summary>The metric names a Prometheus templating variable's query refers to.</summary>
    public static IReadOnlyList<string> MetricNamesInVariableQuery(string query)
    {
        var text = query.Trim();
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var function = open < 0 ? "" : text[..open].Trim();
        if (open < 0 || !text.EndsWith(')'))
        {
            return MetricNamesInExpr(text);
        }

        var inner = text[(open + 1)..^1];
        return function switch
        {
            "label_values" => LastTopLevelComma(inner) is var comma and >= 0 ? MetricNamesInExpr(inner[..comma]) : [],
            "label_names" => MetricNamesInExpr(inner),
            "query_result" => MetricNamesInExpr(inner),
            "metrics" => [],
            _ => MetricNamesInExpr(text),
        };
    }

    /// <summary>Every panel, depth first: rows, then the panels a collapsed row holds.</summary>
    public static IEnumerable<JsonObject> Panels(JsonNode dashboard)
    {
        foreach (var panel in dashboard["panels"]?.AsArray() ?? [])
        {
            if (panel is not JsonObject item)
            {
                continue;
            }

            yield return item;
            foreach (var nested in item["panels"]?.AsArray() ?? [])
            {
                if (nested is JsonObject inner)
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The <c>expr</c> of every panel target.</summary>
    public static IEnumerable<string> Expressions(JsonNode dashboard) =>
        Panels(dashboard)
            .SelectMany(p => p["targets"]?.AsArray() ?? [])
            .Select(t => (string?)t?["expr"])
            .Where(e => !string.IsNullOrWhiteSpace(e))
            .Select(e => e!);

    /// <summary>The query text of every templating variable of type query (a string, or an object's <c>query</c>).</summary>
    public static IEnumerable<string> VariableQueries(JsonNode dashboard) =>
        (dashboard["templating"]?["list"]?.AsArray() ?? [])
            .Where(v => (string?)v?["type"] == "query")
            .Select(v => v!["query"] switch
            {
                JsonObject query => (string?)query["query"],
                JsonValue value => (string?)value,
                _ => null,
            })
            .Where(q => !string.IsNullOrWhiteSpace(q))
            .Select(q => q!);

    private static void Scan(string expr, SortedSet<string> names)
    {
        var i = 0;
        while (i < expr.Length)
        {
            var c = expr[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#')
            {
                i = SkipTo(expr, i, '\n');
            }
            else if (c is '"' or '\'' or '`')
            {
                i = SkipString(expr, i);
            }
            else if (c == '{')
            {
                i = ScanMatchers(expr, i, names);
            }
            else if (c == '[')
            {
                i = SkipTo(expr, i, ']') + 1;
            }
            else if (c == '$')
            {
                i = SkipVariable(expr, i);
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < expr.Length && char.IsAsciiDigit(expr[i + 1])))
            {
                i = SkipNumber(expr, i);
            }
            else if (IsNameStart(c))
            {
                var end = i;
                while (end < expr.Length && IsNamePart(expr[end]))
                {
                    end++;
                }

                var identifier = expr[i..end];
                var next = SkipSpace(expr, end);
                var calls = next < expr.Length && expr[next] == '(';
                if (LabelListKeywords.Contains(identifier))
                {
                    i = calls ? SkipParenthesized(expr, next) : end;
                    continue;
                }

                if (!calls && !Keywords.Contains(identifier))
                {
                    names.Add(identifier);
                }

                i = end;
            }
            else
            {
                i++;
            }
        }
    }

    /// <summary>Skips a <c>{...}</c> block of label matchers, keeping the metric names it states.</summary>
    private static int ScanMatchers(string expr, int open, SortedSet<string> names)
    {
        var i = open + 1;
        while (i < expr.Length && expr[i] != '}')
        {
            var c = expr[i];
            if (char.IsWhiteSpace(c) || c == ',')
            {
                i++;
                continue;
            }

            // One matcher: a label (bare or quoted), then an operator and a quoted value; or a quoted name alone.
            string label;
            if (c is '"' or '\'' or '`')
            {
                var end = SkipString(expr, i);
                label = Unquote(expr[i..end]);
                i = end;
            }
            else
            {
                var start = i;
                while (i < expr.Length && IsNamePart(expr[i]))
                {
                    i++;
                }

                label = expr[start..i];
                if (i == start)
                {
                    i++; // not PromQL; move on
                    continue;
                }
            }

            i = SkipSpace(expr, i);
            if (i >= expr.Length || expr[i] is ',' or '}')
            {
                names.Add(label);
                continue;
            }

            var operatorStart = i;
            while (i < expr.Length && expr[i] is '=' or '!' or '~')
            {
                i++;
            }

            var op = expr[operatorStart..i];
            i = SkipSpace(expr, i);
            if (i < expr.Length && expr[i] is '"' or '\'' or '`')
            {
                var end = SkipString(expr, i);
                if (label == "__name__" && op == "=")
                {
                    names.Add(Unquote(expr[i..end]));
                }

                i = end;
            }
        }

        return i + 1;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    private static int SkipSpace(string expr, int i)
    {
        while (i < expr.Length && char.IsWhiteSpace(expr[i]))
        {
            i++;
        }

        return i;
    }

    private static int SkipTo(string expr, int i, char stop)
    {
        var at = expr.IndexOf(stop, i);
        return at < 0 ? expr.Length : at;
    }

    /// <summary>The index after the string literal starting at <paramref name="start"/> (backslash escapes, none in backticks).</summary>
    private static int SkipString(string expr, int start)
    {
        var quote = expr[start];
        var i = start + 1;
        while (i < expr.Length && expr[i] != quote)
        {
            i += expr[i] == '\\' && quote != '`' ? 2 : 1;
        }

        return Math.Min(i + 1, expr.Length);
    }

    private static string Unquote(string literal) => literal.Length >= 2 ? literal[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal) : literal;

    /// <summary>The index after a Grafana variable: <c>$name</c>, <c>${name}</c>, <c>${name:format}</c> or <c>$__interval</c>.</summary>
    private static int SkipVariable(string expr, int dollar)
    {
        var i = dollar + 1;
        if (i < expr.Length && expr[i] == '{')
        {
            return SkipTo(expr, i, '}') + 1;
        }

        while (i < expr.Length && (char.IsAsciiLetterOrDigit(expr[i]) || expr[i] == '_'))
        {
            i++;
        }

        return i;
    }

    /// <summary>The index after a number or duration: <c>0.99</c>, <c>1e-3</c>, <c>0x1f</c>, <c>5m</c>, <c>1h30m</c>.</summary>
    private static int SkipNumber(string expr, int start)
    {
        var i = start;
        while (i < expr.Length)
        {
            var c = expr[i];
            var exponentSign = c is '+' or '-' && i > start && expr[i - 1] is 'e' or 'E' && !expr[start..i].StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' || exponentSign))
            {
                break;
            }

            i++;
        }

        return i;
    }

    /// <summary>The index after the parenthesized list opening at <paramref name="open"/> (strings inside skipped).</summary>
    private static int SkipParenthesized(string expr, int open)
    {
        var depth = 0;
        var i = open;
        while (i < expr.Length)
        {
            var c = expr[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(expr, i);
                continue;
            }

            depth += c switch { '(' => 1, ')' => -1, _ => 0 };
            i++;
            if (depth == 0)
            {
                break;
            }
        }

        return i;
    }

    /// <summary>The index of the last comma outside parentheses, braces, brackets and strings; -1 when none.</summary>
    private static int LastTopLevelComma(string text)
    {
        var depth = 0;
        var last = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(text, i) - 1;
                continue;
            }

            depth += c switch { '(' or '{' or '[' => 1, ')' or '}' or ']' => -1, _ => 0 };
            if (c == ',' && depth == 0)
            {
                last = i;
            }
        }

        return last;
    }
}
