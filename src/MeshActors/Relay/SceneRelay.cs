using System.Buffers;
using MeshActors.Multiplayer;
using MeshActors.Peers;

namespace MeshActors.Relay;

/// <summary>
/// SceneMultiplayer's relay on the data path (reference/godot.md §4.4–4.5), run on each connection's
/// thread as messages arrive, so a server relays whether or not its application polls.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Everyone: RAW packets reach the application as their user bytes; AUTH and commands other than
/// SYS reach it untouched, with their command.</item>
/// <item>Server: RELAY(target) from an admitted client A is re-wrapped as RELAY(A) and forwarded on the
/// channel it arrived on, to the target or to every admitted client but A and −target; a broadcast or
/// all-but (other than −1) is also processed by the server itself, as a packet from A.</item>
/// <item>Client: ADD_PEER / DEL_PEER / RELAY are accepted from peer 1 only; a RELAY's inner packet
/// reaches the application as a packet from its original source.</item>
/// </list>
/// The admitted set is written by <see cref="Mesh.MeshActor"/> (one writer, copy on write) and read
/// here without locks. Malformed and refused packets are dropped and counted, never thrown on.
/// </remarks>
internal sealed class SceneRelay
{
    private volatile Admitted _admitted = Admitted.Empty;
    private volatile NetworkMode _mode;
    private long _relayed;
    private long _dropped;

    /// <summary>Relayed messages sent (one per destination).</summary>
    public long Relayed => Interlocked.Read(ref _relayed);

    /// <summary>Messages dropped: malformed, from a peer not admitted, to an unknown target, or not allowed here.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The mode that decides how SYS packets are handled.</summary>
    public NetworkMode Mode => _mode;

    /// <summary>Ids of admitted peers in admission order.</summary>
    public IReadOnlyList<int> AdmittedIds => _admitted.Ids;

    /// <summary>Sets the mode (from the mesh actor).</summary>
    public void Configure(NetworkMode mode) => _mode = mode;

    /// <summary>True when <paramref name="peerId"/> is admitted.</summary>
    public bool IsAdmitted(int peerId) => _admitted.IndexOf(peerId) >= 0;

    /// <summary>Admits a peer (server, after the peer exchange for it was sent).</summary>
    public void Admit(int peerId, IPeerLink link) => _admitted = _admitted.With(peerId, link);

    /// <summary>Withdraws a peer; false if it was not admitted.</summary>
    public bool Withdraw(int peerId)
    {
        var current = _admitted;
        if (current.IndexOf(peerId) < 0)
        {
            return false;
        }
        _admitted = current.Without(peerId);
        return true;
    }

    /// <summary>Withdraws everyone.</summary>
    public void Clear() => _admitted = Admitted.Empty;

    /// <summary>Handles one message from <paramref name="from"/> (connection thread).</summary>
    public void OnMessage(PeerInbox from, int channel, ReadOnlySpan<byte> message)
    {
        if (!ScenePacket.TryReadCommand(message, out var command))
        {
            Drop();
            return;
        }
        if (command != SceneCommand.Sys)
        {
            DeliverInner(from, channel, message, from.PeerId);
            return;
        }
        if (message.Length < 2)
        {
            Drop();
            return;
        }
        var mode = _mode;
        switch ((SysCommand)message[1])
        {
            case SysCommand.Auth:
                from.Deliver(channel, message, from.PeerId, SceneCommand.Sys);
                break;
            case SysCommand.AddPeer when mode == NetworkMode.Client && from.PeerId == MultiplayerRules.ServerId:
                if (AddPeerPacket.TryRead(message, out var add) == ScenePacketStatus.Ok)
                {
                    from.Listener.OnRelayedPeer(added: true, add.PeerId, from.Incarnation);
                }
                else
                {
                    Drop();
                }
                break;
            case SysCommand.DelPeer when mode == NetworkMode.Client && from.PeerId == MultiplayerRules.ServerId:
                if (DelPeerPacket.TryRead(message, out var del) == ScenePacketStatus.Ok)
                {
                    from.Listener.OnRelayedPeer(added: false, del.PeerId, from.Incarnation);
                }
                else
                {
                    Drop();
                }
                break;
            case SysCommand.Relay when mode == NetworkMode.Server:
                if (RelayPacket.TryRead(message, out var toForward) == ScenePacketStatus.Ok)
                {
                    Forward(from, channel, toForward.PeerId, toForward.Inner);
                }
                else
                {
                    Drop();
                }
                break;
            case SysCommand.Relay when mode == NetworkMode.Client && from.PeerId == MultiplayerRules.ServerId:
                if (RelayPacket.TryRead(message, out var relayed) == ScenePacketStatus.Ok)
                {
                    DeliverInner(from, channel, relayed.Inner, relayed.PeerId);
                }
                else
                {
                    Drop();
                }
                break;
            default:
                Drop();
                break;
        }
    }

    /// <summary>
    /// Server side of RELAY(target) from <paramref name="from"/>: re-wrap with the source and forward
    /// on the same channel (reference/godot.md §4.5).
    /// </summary>
    private void Forward(PeerInbox from, int channel, int target, ReadOnlySpan<byte> inner)
    {
        var admitted = _admitted;
        if (admitted.IndexOf(from.PeerId) < 0)
        {
            Drop(); // SceneMultiplayer drops packets from peers it has not admitted
            return;
        }
        var length = RelayPacket.HeaderLength + inner.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            RelayPacket.WriteHeader(buffer, from.PeerId);
            inner.CopyTo(buffer.AsSpan(RelayPacket.HeaderLength));
            var packet = new ReadOnlySpan<byte>(buffer, 0, length);
            if (target > 0)
            {
                var index = admitted.IndexOf(target);
                if (index < 0)
                {
                    Drop(); // unknown target: dropped silently, as SceneMultiplayer does
                    return;
                }
                Send(admitted.Links[index], channel, packet);
                return;
            }
            var ids = admitted.Ids;
            for (var i = 0; i < ids.Length; i++)
            {
                if (ids[i] != from.PeerId && ids[i] != -target)
                {
                    Send(admitted.Links[i], channel, packet);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (target != -MultiplayerRules.ServerId)
        {
            DeliverInner(from, channel, inner, from.PeerId); // the server is part of a broadcast
        }
    }

    private void Send(IPeerLink link, int channel, ReadOnlySpan<byte> packet)
    {
        if (link.Send(channel, packet) == MultiplayerError.Ok)
        {
            Interlocked.Increment(ref _relayed);
        }
        else
        {
            Drop();
        }
    }

    /// <summary>Hands a SceneMultiplayer packet to the application as coming from <paramref name="source"/>.</summary>
    private void DeliverInner(PeerInbox via, int channel, ReadOnlySpan<byte> packet, int source)
    {
        if (!ScenePacket.TryReadCommand(packet, out var command))
        {
            Drop();
            return;
        }
        switch (command)
        {
            case SceneCommand.Raw:
                if (RawPacket.TryRead(packet, out var raw) == ScenePacketStatus.Ok)
                {
                    via.Deliver(channel, raw.Payload, source, SceneCommand.Raw);
                }
                else
                {
                    Drop(); // Godot drops a RAW packet without payload
                }
                break;
            case SceneCommand.Sys:
                Drop(); // system commands are never relayed: they concern one connection
                break;
            default:
                via.Deliver(channel, packet, source, command);
                break;
        }
    }

    private void Drop() => Interlocked.Increment(ref _dropped);

    /// <summary>Immutable admitted set in admission order; replaced as a whole on change.</summary>
    private sealed class Admitted(int[] ids, IPeerLink[] links)
    {
        public static readonly Admitted Empty = new([], []);

        public int[] Ids { get; } = ids;

        public IPeerLink[] Links { get; } = links;

        public int IndexOf(int peerId) => Array.IndexOf(Ids, peerId);

        public Admitted With(int peerId, IPeerLink link)
        {
            var index = IndexOf(peerId);
            if (index >= 0)
            {
                var replaced = (IPeerLink[])Links.Clone();
                replaced[index] = link;
                return new Admitted(Ids, replaced);
            }
            return new Admitted([.. Ids, peerId], [.. Links, link]);
        }

        public Admitted Without(int peerId)
        {
            var index = IndexOf(peerId);
            var ids = new int[Ids.Length - 1];
            var links = new IPeerLink[Links.Length - 1];
            Array.Copy(Ids, 0, ids, 0, index);
            Array.Copy(Ids, index + 1, ids, index, Ids.Length - index - 1);
            Array.Copy(Links, 0, links, 0, index);
            Array.Copy(Links, index + 1, links, index, Links.Length - index - 1);
            return new Admitted(ids, links);
        }
    }
}
