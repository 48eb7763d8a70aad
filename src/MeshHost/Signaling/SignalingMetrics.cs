using System.Diagnostics.Metrics;

namespace MeshHost.Signaling;

/// <summary>
/// The signaling server's instruments (meter <c>MeshHost.Signaling</c>) and the live counts the health endpoint
/// reports. Thread-safe.
/// </summary>
public sealed class SignalingMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "MeshHost.Signaling";

    private readonly Meter _meter;
    private readonly Counter<long> _connectionsOpened;
    private readonly Counter<long> _connectionsClosed;
    private readonly Counter<long> _lobbiesCreated;
    private readonly Counter<long> _messagesReceived;
    private readonly Counter<long> _messagesSent;
    private readonly Counter<long> _messagesRelayed;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _bytesSent;
    private long _connections;
    private long _lobbies;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/> (or a standalone meter).</summary>
    public SignalingMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _connectionsOpened = _meter.CreateCounter<long>("meshhost.signaling.connections.opened", "{connection}", "WebSocket connections accepted.");
        _connectionsClosed = _meter.CreateCounter<long>("meshhost.signaling.connections.closed", "{connection}", "WebSocket connections ended, by close code.");
        _lobbiesCreated = _meter.CreateCounter<long>("meshhost.signaling.lobbies.created", "{lobby}", "Lobbies created.");
        _messagesReceived = _meter.CreateCounter<long>("meshhost.signaling.messages.received", "{message}", "Messages received from clients.");
        _messagesSent = _meter.CreateCounter<long>("meshhost.signaling.messages.sent", "{message}", "Messages written to clients.");
        _messagesRelayed = _meter.CreateCounter<long>("meshhost.signaling.messages.relayed", "{message}", "OFFER, ANSWER and CANDIDATE messages relayed between members.");
        _bytesReceived = _meter.CreateCounter<long>("meshhost.signaling.bytes.received", "By", "Payload bytes received from clients.");
        _bytesSent = _meter.CreateCounter<long>("meshhost.signaling.bytes.sent", "By", "Payload bytes written to clients.");
        _meter.CreateObservableUpDownCounter("meshhost.signaling.connections.active", () => Connections, "{connection}", "Open WebSocket connections.");
        _meter.CreateObservableUpDownCounter("meshhost.signaling.lobbies.active", () => Lobbies, "{lobby}", "Open lobbies.");
    }

    /// <summary>The meter of this server's instruments (one per host when created through DI's meter factory).</summary>
    public Meter Meter => _meter;

    /// <summary>Open connections.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Open lobbies.</summary>
    public long Lobbies => Interlocked.Read(ref _lobbies);

    internal void ConnectionOpened()
    {
        Interlocked.Increment(ref _connections);
        _connectionsOpened.Add(1);
    }

    internal void ConnectionClosed(int code)
    {
        Interlocked.Decrement(ref _connections);
        _connectionsClosed.Add(1, new KeyValuePair<string, object?>("code", code));
    }

    internal void LobbyOpened()
    {
        Interlocked.Increment(ref _lobbies);
        _lobbiesCreated.Add(1);
    }

    internal void LobbyClosed() => Interlocked.Decrement(ref _lobbies);

    internal void MessageReceived() => _messagesReceived.Add(1);

    internal void BytesReceived(int count) => _bytesReceived.Add(count);

    internal void MessageSent(int bytes)
    {
        _messagesSent.Add(1);
        _bytesSent.Add(bytes);
    }

    internal void MessageRelayed() => _messagesRelayed.Add(1);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
