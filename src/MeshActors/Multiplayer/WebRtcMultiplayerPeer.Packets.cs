using System.Buffers;
using MeshActors.Relay;

namespace MeshActors.Multiplayer;

public sealed partial class WebRtcMultiplayerPeer
{
    private int _nextPacketPeer;
    private int _nextPacketChannel;
    private int _nextPacketSource;
    private SceneCommand _nextPacketCommand;
    private InboundPacket _current;
    private bool _hasCurrent;
    private byte[] _frame = [];

    /// <summary>
    /// Packets waiting (§1.7): 0 when the last lookup found none (packets that arrived since show up
    /// after the next <see cref="Poll"/>); otherwise the sum over every channel of every connected peer.
    /// </summary>
    public int GetAvailablePacketCount()
    {
        ThrowIfDisposed();
        if (_nextPacketPeer == 0)
        {
            return 0;
        }
        var count = 0;
        for (var node = _peers.First; node is not null; node = node.Next)
        {
            if (node.Value.Connected)
            {
                count += node.Value.Inbox.Count;
            }
        }
        return count;
    }

    /// <summary>
    /// Sender of the packet the next <see cref="GetPacket"/> returns (0 if none). For a packet relayed by
    /// the server (SceneMultiplayer profile) this is its original source. Read it before the packet.
    /// </summary>
    public int GetPacketPeer() => _nextPacketPeer == 0 ? 0 : _nextPacketSource;

    /// <summary>Transfer channel of the next packet: 0 for the three reserved channels, k for extra channel k.</summary>
    public int GetPacketChannel() => MultiplayerRules.TransferChannelOf(_nextPacketChannel);

    /// <summary>Transfer mode of the next packet's channel (<see cref="TransferMode.Reliable"/> for an unknown index, as Godot).</summary>
    public TransferMode GetPacketMode() =>
        (uint)_nextPacketChannel < (uint)_channelModes.Length ? _channelModes[_nextPacketChannel] : TransferMode.Reliable;

    /// <summary>
    /// SceneMultiplayer command of the next packet: <see cref="SceneCommand.Raw"/> for user bytes (and
    /// always in the Raw profile); other commands arrive whole, command byte first.
    /// </summary>
    public SceneCommand GetPacketCommand() => _nextPacketCommand;

    /// <summary>
    /// Takes the next packet (§1.7): from the peer chosen by the last lookup, its first non-empty
    /// channel; then looks up the following one. The bytes stay valid until the next call of
    /// <see cref="GetPacket"/> / <see cref="TryGetPacket"/>, <see cref="Close"/> or dispose.
    /// </summary>
    /// <returns><see cref="MultiplayerError.Unavailable"/> when no packet is pending.</returns>
    public MultiplayerError GetPacket(out ReadOnlySpan<byte> packet)
    {
        ThrowIfDisposed();
        ReleaseCurrentPacket();
        packet = default;
        if (_nextPacketPeer == 0 || !_peers.TryGetValue(_nextPacketPeer, out var slot))
        {
            FindNextPeer();
            return MultiplayerError.Unavailable;
        }
        foreach (var channel in slot.Inbox.Channels)
        {
            if (channel.TryDequeue(out _current))
            {
                _hasCurrent = true;
                packet = _current.Span;
                FindNextPeer();
                return MultiplayerError.Ok;
            }
        }
        FindNextPeer();
        return MultiplayerError.Bug;
    }

    /// <summary><see cref="GetPacket"/> as a Try method.</summary>
    public bool TryGetPacket(out ReadOnlySpan<byte> packet) => GetPacket(out packet) == MultiplayerError.Ok;

    /// <summary>
    /// Sends one packet (§1.8) to <see cref="TargetPeer"/> on the channel chosen by
    /// <see cref="TransferChannel"/> and <see cref="TransferMode"/>. Allowed while connecting. A single
    /// target must be in the table (connected or not) and have the channel, and its send result is
    /// returned; a broadcast sends to every peer in the table but −target, skips peers without the
    /// channel, ignores individual results and returns <see cref="MultiplayerError.Ok"/>.
    /// In the Raw profile the bytes go out unchanged; in the SceneMultiplayer profile as a RAW packet,
    /// and a client wraps packets for anyone but peer 1 in RELAY and sends them to peer 1.
    /// </summary>
    public MultiplayerError PutPacket(ReadOnlySpan<byte> packet)
    {
        ThrowIfDisposed();
        if (ConnectionStatus == ConnectionStatus.Disconnected)
        {
            return MultiplayerError.Unconfigured;
        }
        var index = MultiplayerRules.ChannelIndex(TransferChannel, _transferMode);
        var target = TargetPeer;
        if (_relay is not null)
        {
            if (Mode == NetworkMode.Client && target != MultiplayerRules.ServerId)
            {
                return PutRelayed(packet, index, target);
            }
            packet = Frame(packet, relayTo: null);
        }
        if (target > 0)
        {
            if (!_peers.TryGetValue(target, out var slot) || index < 0 || index >= slot.Inbox.Channels.Length)
            {
                return MultiplayerError.InvalidParameter; // "Invalid target peer" / "Unable to send packet on channel"
            }
            return Send(slot, index, packet);
        }
        for (var node = _peers.First; node is not null; node = node.Next)
        {
            if (node.Key != -target && index >= 0 && index < node.Value.Inbox.Channels.Length)
            {
                Send(node.Value, index, packet);
            }
        }
        return MultiplayerError.Ok;
    }

    /// <summary>SceneMultiplayer client: RELAY(target) + RAW to peer 1 (reference/godot.md §4.5).</summary>
    private MultiplayerError PutRelayed(ReadOnlySpan<byte> packet, int index, int target)
    {
        if (target > MultiplayerRules.ServerId && !_relayedPeers.Contains(target))
        {
            return MultiplayerError.InvalidParameter;
        }
        if (!_peers.TryGetValue(MultiplayerRules.ServerId, out var server) || index < 0 || index >= server.Inbox.Channels.Length)
        {
            return MultiplayerError.InvalidParameter;
        }
        return Send(server, index, Frame(packet, target));
    }

    /// <summary>Builds RAW(packet), or RELAY(target, RAW(packet)), in a buffer owned by the caller's thread.</summary>
    private ReadOnlySpan<byte> Frame(ReadOnlySpan<byte> payload, int? relayTo)
    {
        var header = RawPacket.HeaderLength + (relayTo is null ? 0 : RelayPacket.HeaderLength);
        var length = header + payload.Length;
        if (_frame.Length < length)
        {
            _frame = new byte[Math.Max(length, Math.Max(256, _frame.Length * 2))];
        }
        var offset = relayTo is { } to ? RelayPacket.WriteHeader(_frame, to) : 0;
        RawPacket.WriteHeader(_frame.AsSpan(offset));
        payload.CopyTo(_frame.AsSpan(header));
        return new ReadOnlySpan<byte>(_frame, 0, length);
    }

    private static MultiplayerError Send(Slot slot, int index, ReadOnlySpan<byte> packet)
    {
        var error = slot.Link.Send(index, packet);
        if (error == MultiplayerError.Ok)
        {
            slot.PacketsSent++;
            slot.BytesSent += packet.Length;
        }
        return error;
    }

    private void ReleaseCurrentPacket()
    {
        if (_hasCurrent)
        {
            _hasCurrent = false;
            ChannelQueue.ReturnBuffer(_current.Buffer);
            _current = default;
        }
    }
}
