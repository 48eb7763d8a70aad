using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading.Channels;
using Akka.Actor;
using MeshActors.Signaling;

namespace MeshHost.Signaling;

/// <summary>
/// The I/O half of one signaling connection: reads frames on the request's task and hands decoded
/// messages to the connection actor; writes the actor's messages one at a time from a queue.
/// </summary>
/// <remarks>
/// <para>Reading enforces the transport limits before anything reaches an actor, so a flooding or
/// oversized client costs only its own task: binary frames (4000), messages over
/// <see cref="SignalingSettings.MaxMessageBytes"/> (1009), more than
/// <see cref="SignalingSettings.MaxMessagesPerSecond"/> (4001) and undecodable JSON (4000). After a close
/// is queued the reader discards data frames until the client's close frame, for at most
/// <see cref="SignalingSettings.CloseTimeout"/>, then drops the connection.</para>
/// <para><see cref="TrySend"/> is called by the connection actor only; <see cref="Close"/> from any thread.
/// Outgoing messages are encoded into pooled buffers; the queue is bounded by
/// <see cref="SignalingSettings.MaxQueuedBytes"/>.</para>
/// </remarks>
internal sealed class SignalingSocket
{
    private const int InitialReceiveBuffer = 4096;

    private readonly WebSocket _webSocket;
    private readonly SignalingSettings _settings;
    private readonly SignalingMetrics _metrics;
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();
    private long _queuedBytes;
    private int _closing;
    private volatile bool _lost;

    public SignalingSocket(WebSocket webSocket, SignalingSettings settings, SignalingMetrics metrics)
    {
        _webSocket = webSocket;
        _settings = settings;
        _metrics = metrics;
    }

    /// <summary>The close code the server sent (0 while none).</summary>
    public int CloseCode { get; private set; }

    /// <summary>The close reason the server sent.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>True once a close was queued (by the server or as the echo of the client's).</summary>
    public bool IsClosing => Volatile.Read(ref _closing) != 0;

    /// <summary>Queues one message (connection actor only).</summary>
    public SendResult TrySend(in SignalingMessage message)
    {
        if (IsClosing)
        {
            return SendResult.Closed;
        }
        var length = message.GetLength();
        if (Interlocked.Add(ref _queuedBytes, length) > _settings.MaxQueuedBytes)
        {
            Interlocked.Add(ref _queuedBytes, -length);
            return SendResult.Overflow;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        message.Write(buffer);
        if (!_outgoing.Writer.TryWrite(new Outgoing(buffer, length, 0, null)))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Add(ref _queuedBytes, -length);
            return SendResult.Closed;
        }
        return SendResult.Queued;
    }

    /// <summary>
    /// Queues a close frame after the messages already queued; later sends are refused. Only the first call
    /// counts; returns whether this call was it.
    /// </summary>
    public bool Close(int code, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return false;
        }
        CloseCode = code;
        CloseReason = reason;
        _outgoing.Writer.TryWrite(new Outgoing(null, 0, code, reason));
        _outgoing.Writer.TryComplete();
        // Queued messages, the close frame and the client's answer must all fit in the close timeout; a client
        // that does not read (or answer) is dropped then.
        _abort.CancelAfter(_settings.CloseTimeout);
        return true;
    }

    /// <summary>
    /// Runs the connection until the WebSocket is closed or dropped: reads here, writes on a second task.
    /// <paramref name="actor"/> receives <see cref="SignalingConnectionActor.Received"/> for every message, an early
    /// <see cref="SignalingConnectionActor.SocketClosed"/> when a transport limit closes the connection, and always a
    /// final <see cref="SignalingConnectionActor.SocketClosed"/> when the connection is over.
    /// </summary>
    /// <returns>The close code of the connection (the client's, the server's, or 1006 when it was lost).</returns>
    public async Task<int> RunAsync(IActorRef actor, CancellationToken requestAborted)
    {
        var writer = WriteLoopAsync();
        int code;
        string reason;
        bool byServer;
        using (requestAborted.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort))
        {
            var (clientCode, clientReason) = await ReadLoopAsync(actor);
            if (Close(SignalingCloseCodes.GoingAway, SignalingCloseCodes.ServerShuttingDown) || _lost)
            {
                // Reads ended without any close frame: the connection was lost.
                (code, reason, byServer) = (1006, "connection lost", false);
            }
            else if (clientCode is { } c)
            {
                (code, reason, byServer) = (c, clientReason ?? string.Empty, false);
            }
            else
            {
                (code, reason, byServer) = (CloseCode, CloseReason ?? string.Empty, true);
            }
            if (_webSocket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            {
                // Nothing can be written any more: do not let the writer wait on the socket.
                _abort.Cancel();
            }
            await writer;
        }
        actor.Tell(new SignalingConnectionActor.SocketClosed(code, reason, byServer));
        return code;
    }

    /// <summary>Reads until a close frame or the end of the connection; returns the client's close when it started the close.</summary>
    private async Task<(int? Code, string? Reason)> ReadLoopAsync(IActorRef actor)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialReceiveBuffer, _settings.MaxMessageBytes + 1));
        var count = 0;
        var discarding = false;
        var rate = new TokenBucket(_settings.MaxMessagesPerSecond, Stopwatch.GetTimestamp());
        try
        {
            while (true)
            {
                ValueWebSocketReceiveResult result;
                try
                {
                    result = await _webSocket.ReceiveAsync(buffer.AsMemory(count), _abort.Token);
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
                {
                    return (null, null);
                }
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // The client's close, or its answer to ours. When it started the closing handshake, echo its code
                    // (1005 "no status" cannot be sent back, RFC 6455 §7.4.1: answer 1000).
                    var code = _webSocket.CloseStatus is { } status ? (int)status : 1005;
                    return Close(code == 1005 ? SignalingCloseCodes.Normal : code, string.Empty)
                        ? (code, _webSocket.CloseStatusDescription ?? string.Empty)
                        : (null, null);
                }
                if (discarding || IsClosing)
                {
                    count = 0;
                    continue;
                }
                _metrics.BytesReceived(result.Count);
                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    Violation(actor, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.InvalidTransferMode);
                    discarding = true;
                    count = 0;
                    continue;
                }
                count += result.Count;
                if (count > _settings.MaxMessageBytes)
                {
                    Violation(actor, SignalingCloseCodes.MessageTooBig, SignalingCloseCodes.MessageTooBigReason);
                    discarding = true;
                    count = 0;
                    continue;
                }
                if (!result.EndOfMessage)
                {
                    if (count == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _settings.MaxMessageBytes + 1));
                        buffer.AsSpan(0, count).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    continue;
                }
                _metrics.MessageReceived();
                if (!rate.TryTake(Stopwatch.GetTimestamp()))
                {
                    Violation(actor, SignalingCloseCodes.RateLimited, SignalingCloseCodes.TooManyMessages);
                    discarding = true;
                    count = 0;
                    continue;
                }
                var read = SignalingMessage.TryRead(buffer.AsSpan(0, count), out var message);
                count = 0;
                if (read != SignalingReadStatus.Ok)
                {
                    Violation(actor, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.InvalidFormat);
                    discarding = true;
                    continue;
                }
                actor.Tell(new SignalingConnectionActor.Received(message));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Violation(IActorRef actor, int code, string reason)
    {
        if (Close(code, reason))
        {
            // Tell the actor now (it leaves its lobby at once) rather than after the closing handshake.
            actor.Tell(new SignalingConnectionActor.SocketClosed(code, reason, ByServer: true));
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_abort.Token))
            {
                while (reader.TryRead(out var item))
                {
                    if (item.Buffer is { } buffer)
                    {
                        try
                        {
                            await _webSocket.SendAsync(buffer.AsMemory(0, item.Length), WebSocketMessageType.Text, endOfMessage: true, _abort.Token);
                            _metrics.MessageSent(item.Length);
                        }
                        finally
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                            Interlocked.Add(ref _queuedBytes, -item.Length);
                        }
                        continue;
                    }
                    if (_webSocket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await _webSocket.CloseOutputAsync((WebSocketCloseStatus)item.CloseCode, item.CloseReason, _abort.Token);
                    }
                    return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection is gone: stop the reader too and refuse further sends.
            _lost = true;
            _abort.Cancel();
            Close(SignalingCloseCodes.GoingAway, SignalingCloseCodes.ServerShuttingDown);
        }
        finally
        {
            while (reader.TryRead(out var item))
            {
                if (item.Buffer is { } buffer)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    Interlocked.Add(ref _queuedBytes, -item.Length);
                }
            }
        }
    }

    /// <summary>Result of <see cref="TrySend"/>.</summary>
    internal enum SendResult
    {
        /// <summary>Queued for writing.</summary>
        Queued,

        /// <summary>The connection is closing; the message was dropped.</summary>
        Closed,

        /// <summary>The client has <see cref="SignalingSettings.MaxQueuedBytes"/> of unwritten messages.</summary>
        Overflow,
    }

    private readonly record struct Outgoing(byte[]? Buffer, int Length, int CloseCode, string? CloseReason);
}
