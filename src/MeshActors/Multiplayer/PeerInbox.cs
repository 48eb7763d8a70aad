using MeshActors.Peers;
using MeshActors.Relay;

namespace MeshActors.Multiplayer;

/// <summary>What a <see cref="PeerInbox"/> tells the facade, from the connection's thread.</summary>
internal interface IInboxListener
{
    /// <summary>A packet was queued (wakes an async reader).</summary>
    void OnPacketQueued();

    /// <summary>Peer 1 announced (ADD_PEER) or withdrew (DEL_PEER) a relayed peer.</summary>
    void OnRelayedPeer(bool added, int peerId, long viaIncarnation);
}

/// <summary>
/// The receiving side of one peer in the facade: one <see cref="ChannelQueue"/> per channel, filled on
/// the connection's thread without touching a mailbox, read by Poll / GetPacket on the caller's thread.
/// In the SceneMultiplayer profile messages first go through the <see cref="SceneRelay"/>.
/// </summary>
internal sealed class PeerInbox : IPeerMessageSink
{
    private readonly SceneRelay? _relay;
    private long _messagesReceived;
    private long _bytesReceived;
    private volatile bool _closed;

    public PeerInbox(int peerId, long incarnation, int channelCount, long maxQueuedBytesPerChannel, SceneRelay? relay, IInboxListener listener)
    {
        PeerId = peerId;
        Incarnation = incarnation;
        Listener = listener;
        _relay = relay;
        Channels = new ChannelQueue[channelCount];
        for (var i = 0; i < channelCount; i++)
        {
            Channels[i] = new ChannelQueue(maxQueuedBytesPerChannel);
        }
    }

    public int PeerId { get; }

    public long Incarnation { get; }

    public IInboxListener Listener { get; }

    public ChannelQueue[] Channels { get; }

    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Packets dropped because a channel queue was full.</summary>
    public long Dropped
    {
        get
        {
            long dropped = 0;
            foreach (var channel in Channels)
            {
                dropped += channel.Dropped;
            }
            return dropped;
        }
    }

    /// <summary>Packets waiting over every channel.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var channel in Channels)
            {
                count += channel.Count;
            }
            return count;
        }
    }

    public void OnMessage(int channel, ReadOnlySpan<byte> message)
    {
        if (_closed || (uint)channel >= (uint)Channels.Length)
        {
            return;
        }
        Interlocked.Increment(ref _messagesReceived);
        Interlocked.Add(ref _bytesReceived, message.Length);
        if (_relay is null)
        {
            Deliver(channel, message, PeerId, SceneCommand.Raw);
        }
        else
        {
            _relay.OnMessage(this, channel, message);
        }
    }

    /// <summary>Queues an application packet on <paramref name="channel"/>.</summary>
    public void Deliver(int channel, ReadOnlySpan<byte> payload, int source, SceneCommand command)
    {
        if (!_closed && Channels[channel].TryEnqueue(payload, source, command))
        {
            Listener.OnPacketQueued();
        }
    }

    /// <summary>Stops accepting packets and discards those waiting (the peer left the table).</summary>
    public void Close()
    {
        _closed = true;
        foreach (var channel in Channels)
        {
            channel.Clear();
        }
    }
}
