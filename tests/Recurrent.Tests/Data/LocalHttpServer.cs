// A tiny HTTP/1.1 server on 127.0.0.1 for download tests: no internet needed, and, being written on a
// bare socket, it can misbehave on purpose (a body cut short, a stalled body) in ways that
// HttpListener would tidy up. It answers every request the same way and counts the requests.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Recurrent.Tests.Data;

internal sealed class LocalHttpServer : IDisposable
{
    private delegate Task Responder(NetworkStream connection, CancellationToken stop);

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Responder _respond;
    private readonly Task _accepting;
    private int _requests;

    private LocalHttpServer(Responder respond)
    {
        _respond = respond;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/data/input.txt");
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The address every request to this server may use.</summary>
    public Uri Url { get; }

    /// <summary>How many requests arrived so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Answers 200 with <paramref name="body"/>.</summary>
    public static LocalHttpServer Serving(byte[] body) => new(async (connection, stop) =>
    {
        await WriteHeadAsync(connection, "200 OK", body.Length, stop);
        await connection.WriteAsync(body, stop);
    });

    /// <summary>Answers with an error status and a short text body.</summary>
    public static LocalHttpServer Failing(int status, string reason) => new(async (connection, stop) =>
    {
        byte[] body = Encoding.ASCII.GetBytes(reason);
        await WriteHeadAsync(connection, $"{status} {reason}", body.Length, stop);
        await connection.WriteAsync(body, stop);
    });

    /// <summary>Announces all of <paramref name="body"/> but sends only its first <paramref name="sent"/> bytes, then closes.</summary>
    public static LocalHttpServer CuttingShort(byte[] body, int sent) => new(async (connection, stop) =>
    {
        await WriteHeadAsync(connection, "200 OK", body.Length, stop);
        await connection.WriteAsync(body.AsMemory(0, sent), stop);
    });

    /// <summary>Announces all of <paramref name="body"/>, sends its first <paramref name="sent"/> bytes, then waits until disposed.</summary>
    public static LocalHttpServer Stalling(byte[] body, int sent) => new(async (connection, stop) =>
    {
        await WriteHeadAsync(connection, "200 OK", body.Length, stop);
        await connection.WriteAsync(body.AsMemory(0, sent), stop);
        await connection.FlushAsync(stop);
        await Task.Delay(Timeout.Infinite, stop);
    });

    /// <summary>A loopback address on which nothing listens (connections are refused).</summary>
    public static Uri Unused()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/data/input.txt");
    }

    private static Task WriteHeadAsync(NetworkStream connection, string status, long length, CancellationToken stop) =>
        connection.WriteAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"), stop).AsTask();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream connection = client.GetStream();
                await ReadHeadAsync(connection, _stop.Token);
                Interlocked.Increment(ref _requests);
                await _respond(connection, _stop.Token);
                await connection.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client hung up, or the test ended: nothing to report from the server side.
            }
        }
    }

    /// <summary>Reads up to the blank line that ends a request head (GET has no body).</summary>
    private static async Task ReadHeadAsync(NetworkStream connection, CancellationToken stop)
    {
        var seen = new List<byte>();
        byte[] one = new byte[1];
        while (!(seen.Count >= 4 && seen[^4] == '\r' && seen[^3] == '\n' && seen[^2] == '\r' && seen[^1] == '\n'))
        {
            if (await connection.ReadAsync(one, stop) == 0)
                throw new IOException("The client closed the connection before the end of its request.");
            seen.Add(one[0]);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _accepting.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
