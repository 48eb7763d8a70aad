using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace MeshActors.Multiplayer;

public sealed partial class WebRtcMultiplayerPeer
{
    private ConcurrentQueue<MultiplayerEvent>? _asyncEvents;

    /// <summary>
    /// For code without a game loop: polls, yields peer events and packets in the order
    /// <see cref="Poll"/> and <see cref="GetPacket"/> produce them, and waits without spinning when
    /// nothing is pending. A packet's bytes are valid until the enumeration moves on. Only one
    /// enumeration at a time, and no other Poll / GetPacket meanwhile (it is the caller); the C#
    /// events are still raised. The enumeration ends when the facade is disposed.
    /// </summary>
    public async IAsyncEnumerable<MultiplayerEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var events = new ConcurrentQueue<MultiplayerEvent>();
        if (Interlocked.CompareExchange(ref _asyncEvents, events, null) is not null)
        {
            throw new InvalidOperationException("ReadAllAsync is already being enumerated; only one reader at a time.");
        }
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _signals.Arm();
                if (Volatile.Read(ref _disposed) != 0)
                {
                    yield break;
                }
                Poll();
                var produced = false;
                while (events.TryDequeue(out var peerEvent))
                {
                    produced = true;
                    yield return peerEvent;
                }
                while (TryTakeEvent(out var packetEvent))
                {
                    produced = true;
                    yield return packetEvent;
                    while (events.TryDequeue(out var peerEvent))
                    {
                        yield return peerEvent; // raised by a handler during the packet
                    }
                }
                if (!produced)
                {
                    await _signals.WaitAsync(cancellationToken).ConfigureAwait(false);
                    if (Volatile.Read(ref _disposed) != 0)
                    {
                        yield break;
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _asyncEvents, null);
        }
    }

    private bool TryTakeEvent(out MultiplayerEvent packetEvent)
    {
        packetEvent = default;
        if (Volatile.Read(ref _disposed) != 0 || GetAvailablePacketCount() == 0)
        {
            return false;
        }
        var peerId = GetPacketPeer();
        var channel = GetPacketChannel();
        var mode = GetPacketMode();
        var command = GetPacketCommand();
        if (GetPacket(out _) != MultiplayerError.Ok)
        {
            return false;
        }
        packetEvent = new MultiplayerEvent(MultiplayerEventKind.Packet, peerId, channel, mode, command,
            new ReadOnlyMemory<byte>(_current.Buffer, 0, _current.Length));
        return true;
    }
}
