using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace MeshActors.Signaling;

/// <summary>
/// A client of Godot's webrtc_signaling demo protocol (the Godot demo's <c>ws_webrtc_client.gd</c>, in .NET): connects
/// a WebSocket, joins a lobby, reports what the server sends as <see cref="SignalingEvent"/>s, and sends offers,
/// answers, candidates and SEAL. It knows nothing of WebRTC: a driver of <c>WebRtcMultiplayerPeer</c> builds on it.
/// </summary>
/// <remarks>
/// Thread-safe: sends are serialized; events are read from <see cref="Events"/> by one consumer. Server messages that
/// the demo client would ignore (malformed JSON, unknown types, a CANDIDATE that is not three lines) are skipped and
/// counted in <see cref="IgnoredMessages"/>.
/// </remarks>
public sealed class SignalingClient : IAsyncDisposable
{
    private const int ReceiveBufferSize = 16 * 1024;

    private readonly ClientWebSocket _socket;
    private readonly Channel<SignalingEvent> _events = Channel.CreateUnbounded<SignalingEvent>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _maxMessageBytes;
    private readonly Task _receiveLoop;
    private long _ignored;
    private int _closeCode;
    private int _disposed;

    private SignalingClient(ClientWebSocket socket, int maxMessageBytes)
    {
        _socket = socket;
        _maxMessageBytes = maxMessageBytes;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Server messages skipped because the demo client would ignore them.</summary>
    public long IgnoredMessages => Interlocked.Read(ref _ignored);

    /// <summary>Everything the server sends, in order, ending with <see cref="SignalingEvent.Closed"/>.</summary>
    public ChannelReader<SignalingEvent> Events => _events.Reader;

    /// <summary>This client's peer id once ID arrived (0 before).</summary>
    public int PeerId { get; private set; }

    /// <summary>The lobby's name once JOIN was answered (null before).</summary>
    public string? Lobby { get; private set; }

    /// <summary>The close code once the connection ended (0 while open).</summary>
    public int CloseCode => Volatile.Read(ref _closeCode);

    /// <summary>Connects to a signaling server such as <c>ws://127.0.0.1:9080/</c>.</summary>
    /// <param name="uri">The server's WebSocket address.</param>
    /// <param name="maxMessageBytes">Largest server message accepted (larger ones end the connection).</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    public static async Task<SignalingClient> ConnectAsync(Uri uri, int maxMessageBytes = 1 << 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 64);
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new SignalingClient(socket, maxMessageBytes);
    }

    /// <summary>
    /// JOIN: joins the lobby named <paramref name="lobby"/>, or creates one when it is "" (this client is then
    /// its host, peer 1). <paramref name="mesh"/> chooses the kind of a created lobby: every member connects to
    /// every other, or clients connect to the host only. The answer arrives as events (ID, PEER_CONNECT…, JOIN).
    /// </summary>
    public Task JoinAsync(string lobby, bool mesh, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lobby);
        return SendAsync(new SignalingMessage(SignalingMessageType.Join, mesh ? 0 : 1, lobby), cancellationToken);
    }

    /// <summary>OFFER: sends an SDP offer to peer <paramref name="peerId"/> (1 is the host).</summary>
    public Task SendOfferAsync(int peerId, string sdp, CancellationToken cancellationToken = default) =>
        SendAsync(new SignalingMessage(SignalingMessageType.Offer, CheckPeerId(peerId), sdp), cancellationToken);

    /// <summary>ANSWER: sends an SDP answer to peer <paramref name="peerId"/>.</summary>
    public Task SendAnswerAsync(int peerId, string sdp, CancellationToken cancellationToken = default) =>
        SendAsync(new SignalingMessage(SignalingMessageType.Answer, CheckPeerId(peerId), sdp), cancellationToken);

    /// <summary>CANDIDATE: sends an ICE candidate to peer <paramref name="peerId"/>.</summary>
    public Task SendCandidateAsync(int peerId, SignalingCandidate candidate, CancellationToken cancellationToken = default) =>
        SendAsync(new SignalingMessage(SignalingMessageType.Candidate, CheckPeerId(peerId), candidate.Format()), cancellationToken);

    /// <summary>SEAL: the host seals its lobby (no more joins; the server closes everyone shortly after).</summary>
    public Task SealAsync(CancellationToken cancellationToken = default) =>
        SendAsync(new SignalingMessage(SignalingMessageType.Seal, 0, string.Empty), cancellationToken);

    /// <summary>Sends one protocol message. Throws <see cref="WebSocketException"/> when the connection is gone.</summary>
    public async Task SendAsync(SignalingMessage message, CancellationToken cancellationToken = default)
    {
        var length = message.GetLength();
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            message.Write(buffer);
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Closes the connection (1000) and waits for the server's answer; events end with <see cref="SignalingEvent.Closed"/>.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException)
        {
            // Already gone.
        }
        finally
        {
            _sendLock.Release();
        }
        await _receiveLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes (waiting up to 5 s for the server's answer) and releases the connection. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await CloseAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The server did not answer the close in time: drop the connection.
            }
        }
        _stop.Cancel();
        _socket.Abort();
        await _receiveLoop.ConfigureAwait(false);
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private static int CheckPeerId(int peerId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(peerId, 1);
        return peerId;
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        var count = 0;
        var closed = new SignalingEvent.Closed(1006, "connection lost");
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (buffer.Length >= _maxMessageBytes)
                    {
                        closed = new SignalingEvent.Closed(SignalingCloseCodes.MessageTooBig, "server message too big");
                        await CloseOutputQuietlyAsync(WebSocketCloseStatus.MessageTooBig).ConfigureAwait(false);
                        return;
                    }
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _maxMessageBytes));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var result = await _socket.ReceiveAsync(buffer.AsMemory(count), _stop.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    closed = new SignalingEvent.Closed(_socket.CloseStatus is { } status ? (int)status : 1005, _socket.CloseStatusDescription ?? string.Empty);
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await CloseOutputQuietlyAsync(WebSocketCloseStatus.NormalClosure).ConfigureAwait(false);
                    }
                    return;
                }
                count += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }
                if (result.MessageType != WebSocketMessageType.Text || !TryConvert(buffer.AsSpan(0, count), out var signalingEvent))
                {
                    Interlocked.Increment(ref _ignored);
                }
                else
                {
                    _events.Writer.TryWrite(signalingEvent);
                }
                count = 0;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // closed stays "connection lost" unless a close frame was seen.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Volatile.Write(ref _closeCode, closed.Code);
            _events.Writer.TryWrite(closed);
            _events.Writer.TryComplete();
        }
    }

    private async Task CloseOutputQuietlyAsync(WebSocketCloseStatus status)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(status, string.Empty, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection is gone anyway.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The demo client's <c>_parse_msg</c>: what it would act on becomes an event; the rest is ignored.</summary>
    private bool TryConvert(ReadOnlySpan<byte> frame, out SignalingEvent signalingEvent)
    {
        signalingEvent = null!;
        if (SignalingMessage.TryRead(frame, out var message) != SignalingReadStatus.Ok)
        {
            return false;
        }
        switch (message.Type)
        {
            case SignalingMessageType.Id:
                PeerId = message.Id;
                signalingEvent = new SignalingEvent.IdAssigned(message.Id, message.Data == "true");
                return true;
            case SignalingMessageType.Join:
                Lobby = message.Data;
                signalingEvent = new SignalingEvent.LobbyJoined(message.Data);
                return true;
            case SignalingMessageType.PeerConnect:
                signalingEvent = new SignalingEvent.PeerConnected(message.Id);
                return true;
            case SignalingMessageType.PeerDisconnect:
                signalingEvent = new SignalingEvent.PeerDisconnected(message.Id);
                return true;
            case SignalingMessageType.Offer:
                signalingEvent = new SignalingEvent.OfferReceived(message.Id, message.Data);
                return true;
            case SignalingMessageType.Answer:
                signalingEvent = new SignalingEvent.AnswerReceived(message.Id, message.Data);
                return true;
            case SignalingMessageType.Candidate when SignalingCandidate.TryParse(message.Data, out var candidate):
                signalingEvent = new SignalingEvent.CandidateReceived(message.Id, candidate);
                return true;
            case SignalingMessageType.Seal:
                signalingEvent = new SignalingEvent.LobbySealed();
                return true;
            default:
                return false;
        }
    }
}
