using System.Net.WebSockets;
using System.Text;
using MeshActors.Signaling;

namespace MeshHost.Tests.Signaling;

/// <summary>A raw WebSocket client for protocol tests: sends frames, receives decoded messages or the close.</summary>
internal sealed class SignalingTestClient : IAsyncDisposable
{
    /// <summary>Generous: only hangs hit it.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[1 << 20];

    private SignalingTestClient()
    {
    }

    public WebSocket Socket => _socket;

    /// <summary>The raw bytes of the last text frame received.</summary>
    public byte[] LastFrame { get; private set; } = [];

    public static async Task<SignalingTestClient> ConnectAsync(Uri uri)
    {
        var client = new SignalingTestClient();
        using var timeout = new CancellationTokenSource(Timeout);
        await client._socket.ConnectAsync(uri, timeout.Token);
        return client;
    }

    /// <summary>Connects and joins (or creates, with "") a lobby; returns the client, its id and the lobby name.</summary>
    public static async Task<(SignalingTestClient Client, int Id, string Lobby)> JoinAsync(Uri uri, string lobby, bool mesh, List<int>? peers = null)
    {
        var client = await ConnectAsync(uri);
        await client.SendAsync(SignalingMessageType.Join, mesh ? 0 : 1, lobby);
        var id = await client.ReceiveAsync();
        Assert.Equal(SignalingMessageType.Id, id.Type);
        while (true)
        {
            var next = await client.ReceiveAsync();
            if (next.Type == SignalingMessageType.Join)
            {
                return (client, id.Id, next.Data);
            }
            Assert.Equal(SignalingMessageType.PeerConnect, next.Type);
            peers?.Add(next.Id);
        }
    }

    public Task SendAsync(SignalingMessageType type, int id, string data) =>
        SendRawAsync(new SignalingMessage(type, id, data).ToArray());

    public Task SendRawAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendRawAsync(byte[] bytes, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _socket.SendAsync(bytes, type, endOfMessage: true, timeout.Token);
    }

    /// <summary>Receives the next message; fails if the connection closes instead.</summary>
    public async Task<SignalingMessage> ReceiveAsync()
    {
        var frame = await ReceiveFrameAsync();
        Assert.True(frame is not null, $"expected a message, but the server closed with {(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}");
        Assert.Equal(SignalingReadStatus.Ok, SignalingMessage.TryRead(frame, out var message));
        return message;
    }

    /// <summary>Receives the next message, or null when the server closed instead.</summary>
    public async Task<SignalingMessage?> ReceiveOrCloseAsync()
    {
        var frame = await ReceiveFrameAsync();
        if (frame is null)
        {
            return null;
        }
        Assert.Equal(SignalingReadStatus.Ok, SignalingMessage.TryRead(frame, out var message));
        return message;
    }

    /// <summary>Receives until the server's close frame (failing on any message); returns its code and reason.</summary>
    public async Task<(int Code, string Reason)> ExpectCloseAsync(bool skipMessages = false)
    {
        while (true)
        {
            var frame = await ReceiveFrameAsync();
            if (frame is null)
            {
                return ((int)_socket.CloseStatus!.Value, _socket.CloseStatusDescription ?? string.Empty);
            }
            Assert.True(skipMessages, $"expected the close, got {Encoding.UTF8.GetString(frame)}");
        }
    }

    /// <summary>One text frame's bytes, or null when the server closed (the close is then answered).</summary>
    private async Task<byte[]?> ReceiveFrameAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var count = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(count), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, timeout.Token);
                }
                return null;
            }
            count += result.Count;
            if (result.EndOfMessage)
            {
                LastFrame = _buffer.AsSpan(0, count).ToArray();
                return LastFrame;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, string.Empty, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The server went away first.
            }
        }
        _socket.Dispose();
    }
}
