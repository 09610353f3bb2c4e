using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RoutingCluster.Testing;

/// <summary>
/// A TCP forwarder on 127.0.0.1 in front of a loopback server (e.g. the test PostgreSQL), to
/// inject network faults: <see cref="Cut"/> drops every connection and refuses new ones until
/// <see cref="Restore"/>; <see cref="Blackhole"/> keeps every connection open and accepts new ones
/// but lets no byte through (packets dropped, not reset), until <see cref="Restore"/> resets them.
/// </summary>
public sealed class LoopbackTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private volatile bool _cut;
    private volatile bool _blackholed;

    public LoopbackTcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Cut()
    {
        _cut = true;
        foreach (var socket in _sockets.Keys)
        {
            Close(socket);
        }
    }

    public void Blackhole() => _blackholed = true;

    public void Restore()
    {
        if (_blackholed)
        {
            // What was in flight is gone: the connections end, as they would once the peer's TCP gave up.
            foreach (var socket in _sockets.Keys)
            {
                Close(socket);
            }
        }

        _blackholed = false;
        _cut = false;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_cut)
            {
                Close(client);
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.TryAdd(client, 0);
        _sockets.TryAdd(server, 0);
        try
        {
            while (_blackholed && !_stopping.IsCancellationRequested)
            {
                // A connection opened into the void: its bytes go nowhere until the hole closes (and resets it).
                if (await client.ReceiveAsync(new byte[1024], _stopping.Token) == 0 || !_sockets.ContainsKey(client))
                {
                    return;
                }
            }

            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ends; the peer sees a closed socket.
        }
        finally
        {
            Close(client);
            Close(server);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, _stopping.Token)) > 0)
            {
                if (!_blackholed)
                {
                    await to.SendAsync(buffer.AsMemory(0, read), _stopping.Token);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side went away.
        }
    }

    private void Close(Socket socket)
    {
        _sockets.TryRemove(socket, out _);
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
        _stopping.Dispose();
    }
}
