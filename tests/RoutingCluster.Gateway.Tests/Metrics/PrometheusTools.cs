using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RoutingCluster.Gateway.Tests.Metrics;

/// <summary>The real <c>promtool</c> and <c>prometheus</c> binaries, found through RC_PROMTOOL and
/// RC_PROMETHEUS (exported by scripts/prometheus.sh, which scripts/test.sh sources).</summary>
public static class PrometheusTools
{
    public static string Promtool => Binary("RC_PROMTOOL");

    public static string Prometheus => Binary("RC_PROMETHEUS");

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Binary(string variable)
    {
        var path = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{variable} is not set to an existing binary: run the tests through ./scripts/test.sh (or `source scripts/prometheus.sh` first), which installs the Debian package prometheus and exports it.");
        }

        return path;
    }
}

/// <summary>A real Prometheus server on a free loopback port with its own config and data directory,
/// scraping one target every second. Killed on dispose.</summary>
public sealed class PrometheusServer : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();

    private PrometheusServer(Process process, string directory, Uri baseUrl)
    {
        _process = process;
        _directory = directory;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>What the server printed so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <param name="target"><c>host:port</c> to scrape (<c>/metrics</c>).</param>
    public static PrometheusServer Start(string target)
    {
        var directory = Directory.CreateTempSubdirectory("routing-cluster-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: gateway
                static_configs:
                  - targets: ['{target}']
            """);
        var port = PrometheusTools.FreeLoopbackPort();
        var info = new ProcessStartInfo(PrometheusTools.Prometheus)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        info.ArgumentList.Add($"--config.file={config}");
        info.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(directory, "data")}");
        info.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start prometheus");
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the dying server: the temp directory is left behind.
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
