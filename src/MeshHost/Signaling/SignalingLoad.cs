using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using MeshActors.Signaling;

namespace MeshHost.Signaling;

/// <summary>
/// Load generators for the signaling server, with real WebSocket clients: lobby creation (connect, JOIN "",
/// ID + JOIN answered, close) and relaying (pairs of peers in their own lobbies ping-ponging OFFER/ANSWER with a
/// window of messages in flight). Used by <c>bench-signaling</c>; numbers are what one process of clients gets.
/// </summary>
internal static class SignalingLoad
{
    /// <summary>Lobbies created per second by <paramref name="clients"/> concurrent connect-join-close loops.</summary>
    public static async Task<LoadResult> CreateLobbiesAsync(Uri uri, int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        long created = 0;
        var latencies = new List<double>[clients];
        var stopwatch = Stopwatch.StartNew();
        var workers = new Task[clients];
        for (var i = 0; i < clients; i++)
        {
            var samples = latencies[i] = [];
            workers[i] = Task.Run(async () =>
            {
                while (stopwatch.Elapsed < duration && !cancellationToken.IsCancellationRequested)
                {
                    var start = Stopwatch.GetTimestamp();
                    await using var client = await LoadClient.ConnectAsync(uri, cancellationToken);
                    await client.SendAsync(new SignalingMessage(SignalingMessageType.Join, 0, string.Empty), cancellationToken);
                    var id = await client.ReceiveAsync(cancellationToken);
                    var join = await client.ReceiveAsync(cancellationToken);
                    if (id.Type != SignalingMessageType.Id || join.Type != SignalingMessageType.Join)
                    {
                        throw new InvalidOperationException($"unexpected answer to JOIN: {id}, {join}");
                    }
                    samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    Interlocked.Increment(ref created);
                }
            }, cancellationToken);
        }
        await Task.WhenAll(workers);
        var elapsed = stopwatch.Elapsed;
        return new LoadResult(created, elapsed, Percentiles(latencies));
    }

    /// <summary>
    /// Messages relayed per second: <paramref name="pairs"/> lobbies of two peers; each guest keeps
    /// <paramref name="window"/> OFFERs of <paramref name="payloadBytes"/> in flight to the host, which answers each
    /// with an ANSWER of the same size. Every OFFER and ANSWER is one relayed message.
    /// </summary>
    public static async Task<LoadResult> RelayAsync(Uri uri, int pairs, int window, int payloadBytes, TimeSpan duration, CancellationToken cancellationToken)
    {
        var payload = new string('x', payloadBytes);
        var hosts = new LoadClient[pairs];
        var guests = new LoadClient[pairs];
        var guestIds = new int[pairs];
        for (var i = 0; i < pairs; i++)
        {
            hosts[i] = await LoadClient.ConnectAsync(uri, cancellationToken);
            await hosts[i].SendAsync(new SignalingMessage(SignalingMessageType.Join, 0, string.Empty), cancellationToken);
            await hosts[i].ReceiveAsync(cancellationToken);
            var lobby = (await hosts[i].ReceiveAsync(cancellationToken)).Data;
            guests[i] = await LoadClient.ConnectAsync(uri, cancellationToken);
            await guests[i].SendAsync(new SignalingMessage(SignalingMessageType.Join, 0, lobby), cancellationToken);
            guestIds[i] = (await guests[i].ReceiveAsync(cancellationToken)).Id;
            await guests[i].ReceiveAsync(cancellationToken); // PEER_CONNECT(1)
            await guests[i].ReceiveAsync(cancellationToken); // JOIN
            await hosts[i].ReceiveAsync(cancellationToken); // PEER_CONNECT(guest)
        }
        long relayed = 0;
        var latencies = new List<double>[pairs];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        var tasks = new List<Task>();
        for (var i = 0; i < pairs; i++)
        {
            var host = hosts[i];
            var guest = guests[i];
            var guestId = guestIds[i];
            var samples = latencies[i] = [];
            // Host: answer every offer.
            tasks.Add(Task.Run(async () =>
            {
                while (true)
                {
                    var offer = await host.ReceiveAsync(stop.Token);
                    if (offer.Type != SignalingMessageType.Offer)
                    {
                        return;
                    }
                    Interlocked.Increment(ref relayed);
                    await host.SendAsync(new SignalingMessage(SignalingMessageType.Answer, guestId, payload), stop.Token);
                }
            }, stop.Token));
            // Guest: keep the window full; each answer lets the next offer go.
            tasks.Add(Task.Run(async () =>
            {
                var sent = new Queue<long>();
                for (var w = 0; w < window; w++)
                {
                    sent.Enqueue(Stopwatch.GetTimestamp());
                    await guest.SendAsync(new SignalingMessage(SignalingMessageType.Offer, 1, payload), stop.Token);
                }
                while (stopwatch.Elapsed < duration)
                {
                    var answer = await guest.ReceiveAsync(stop.Token);
                    if (answer.Type != SignalingMessageType.Answer)
                    {
                        throw new InvalidOperationException($"unexpected message: {answer}");
                    }
                    Interlocked.Increment(ref relayed);
                    samples.Add(Stopwatch.GetElapsedTime(sent.Dequeue()).TotalMilliseconds);
                    sent.Enqueue(Stopwatch.GetTimestamp());
                    await guest.SendAsync(new SignalingMessage(SignalingMessageType.Offer, 1, payload), stop.Token);
                }
            }, stop.Token));
        }
        var guestsDone = Task.WhenAll(tasks.Where((_, index) => index % 2 == 1));
        await guestsDone;
        var elapsed = stopwatch.Elapsed;
        var count = Interlocked.Read(ref relayed);
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException)
        {
            // The hosts were still waiting for offers.
        }
        foreach (var client in hosts.Concat(guests))
        {
            await client.DisposeAsync();
        }
        return new LoadResult(count, elapsed, Percentiles(latencies));
    }

    private static (double P50, double P99) Percentiles(List<double>[] samples)
    {
        var all = samples.SelectMany(s => s).Order().ToArray();
        if (all.Length == 0)
        {
            return (double.NaN, double.NaN);
        }
        return (all[(int)(all.Length * 0.50)], all[Math.Min(all.Length - 1, (int)(all.Length * 0.99))]);
    }

    /// <summary>A count over a time, with latency percentiles in milliseconds (round trip for relays).</summary>
    internal readonly record struct LoadResult(long Count, TimeSpan Elapsed, (double P50, double P99) LatencyMs)
    {
        public double PerSecond => Count / Elapsed.TotalSeconds;
    }

    /// <summary>A minimal client: one receive buffer, sends from a pooled buffer.</summary>
    private sealed class LoadClient : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket = new();
        private readonly byte[] _buffer = new byte[64 * 1024];

        public static async Task<LoadClient> ConnectAsync(Uri uri, CancellationToken cancellationToken)
        {
            var client = new LoadClient();
            await client._socket.ConnectAsync(uri, cancellationToken);
            return client;
        }

        public async Task SendAsync(SignalingMessage message, CancellationToken cancellationToken)
        {
            var length = message.GetLength();
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                message.Write(buffer);
                await _socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Text, true, cancellationToken);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        public async Task<SignalingMessage> ReceiveAsync(CancellationToken cancellationToken)
        {
            var count = 0;
            while (true)
            {
                var result = await _socket.ReceiveAsync(_buffer.AsMemory(count), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new InvalidOperationException($"the server closed the connection: {(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}");
                }
                count += result.Count;
                if (result.EndOfMessage)
                {
                    if (SignalingMessage.TryRead(_buffer.AsSpan(0, count), out var message) != SignalingReadStatus.Ok)
                    {
                        throw new InvalidOperationException("the server sent an undecodable message");
                    }
                    return message;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_socket.State == WebSocketState.Open)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, string.Empty, timeout.Token);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The server went away first.
            }
            _socket.Dispose();
        }
    }
}
