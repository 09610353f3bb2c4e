using RoutingCluster.Benchmarks;

var options = BenchOptions.Parse(args, out var error);
if (options is null)
{
    if (error.Length > 0)
    {
        Console.Error.WriteLine(error);
    }

    Console.Error.WriteLine(BenchOptions.Usage);
    return error.Length > 0 ? 2 : 0;
}

// Gateway nodes and wrk run as child processes: none may outlive the harness (Ctrl-C, SIGTERM, failure).
ChildProcesses.KillAllOnExit();
try
{
    // Progress goes to stderr; stdout carries only the Markdown report.
    var report = await BenchRunner.RunAsync(options, Console.Error);
    MarkdownReport.Write(report, Console.Out);
    await JsonReport.WriteAsync(report, options.JsonPath);
    Console.Error.WriteLine($"JSON report: {Path.GetFullPath(options.JsonPath)}");
    return 0;
}
finally
{
    ChildProcesses.KillAll();
}
