using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>
/// An HTTP(S) proxy on loopback that refuses every connection and logs what it was asked for
/// (the request line: <c>CONNECT host:443</c>, <c>GET http://...</c>). A client under test points its
/// <c>HTTPS_PROXY</c>/<c>HTTP_PROXY</c> here: any attempt to reach outside the machine is stopped and seen.
/// </summary>
public sealed class RefusingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _attempts = new();
    private readonly Task _loop;

    public RefusingProxy()
    {
        _listener.Start();
        _loop = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The request lines of every connection attempted so far.</summary>
    public IReadOnlyList<string> Attempts => [.. _attempts];

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            using (client)
            {
                var buffer = new byte[1024];
                using var read = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                read.CancelAfter(TimeSpan.FromSeconds(2));
                int n;
                try
                {
                    n = await client.GetStream().ReadAsync(buffer, read.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException)
                {
                    n = 0;
                }

                _attempts.Enqueue(n == 0 ? "(connection without a request)" : Encoding.ASCII.GetString(buffer, 0, n).Split("\r\n")[0]);
                try
                {
                    await client.GetStream().WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException)
                {
                    // The client already gave up.
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
