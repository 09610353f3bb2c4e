using System.Text.Json;

namespace RoutingCluster.Deploy.Tests.Helm;

/// <summary>
/// What Ajv says of a values file merged over the chart's values.yaml (as <c>helm -f FILE</c> merges
/// it) against values.schema.json: run by validate-values.cjs.
/// </summary>
public sealed record ValuesVerdict(bool Valid, IReadOnlyList<SchemaError> Errors)
{
    public static async Task<ValuesVerdict> ForAsync(string valuesFile)
    {
        var run = await HelmProcess.NodeAsync("validate-values.cjs", null, ChartFiles.SchemaFile, ChartFiles.ValuesFile, valuesFile);
        if (!run.Succeeded)
        {
            throw new InvalidOperationException(run.Describe());
        }

        using var document = JsonDocument.Parse(run.Stdout);
        var verdict = document.RootElement.EnumerateArray().Single();
        return new ValuesVerdict(
            verdict.GetProperty("valid").GetBoolean(),
            [.. verdict.GetProperty("errors").EnumerateArray().Select(e => new SchemaError(e.Text("key"), e.Text("keyword"), e.Text("message")))]);
    }

    /// <summary>The errors, one a line, for assertion messages.</summary>
    public string Describe() => Errors.Count == 0 ? "no errors" : string.Join(Environment.NewLine, Errors.Select(e => $"{e.Key} ({e.Keyword}): {e.Message}"));
}
