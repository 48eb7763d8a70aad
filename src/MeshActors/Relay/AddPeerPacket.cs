namespace MeshActors.Relay;

/// <summary>
/// SYS ADD_PEER: the server tells a client that another client joined (reference/godot.md §4.2, §4.4).
/// </summary>
/// <remarks>
/// <code>
/// 0      1      2                  6
/// +------+------+------------------+
/// | 0x07 | 0x01 | peer id (int32 LE)|   exactly 6 bytes
/// +------+------+------------------+
/// </code>
/// Sent reliably on channel 0. A client accepts it only from peer 1.
/// </remarks>
public readonly struct AddPeerPacket
{
    /// <summary>Length of the packet on the wire.</summary>
    public const int Length = ScenePacket.SysHeaderLength;

    /// <summary>Creates the packet for <paramref name="peerId"/>.</summary>
    public AddPeerPacket(int peerId) => PeerId = peerId;

    /// <summary>The peer that joined.</summary>
    public int PeerId { get; }

    /// <summary>Reads the packet; never throws.</summary>
    public static ScenePacketStatus TryRead(ReadOnlySpan<byte> packet, out AddPeerPacket value)
    {
        var status = ScenePacket.TryReadSysPeer(packet, SysCommand.AddPeer, out var peerId);
        if (status == ScenePacketStatus.Ok && packet.Length != Length)
        {
            status = ScenePacketStatus.WrongLength;
        }
        value = status == ScenePacketStatus.Ok ? new AddPeerPacket(peerId) : default;
        return status;
    }

    /// <summary>Bytes <see cref="Write"/> produces.</summary>
    public int GetLength() => Length;

    /// <summary>Writes the packet and returns its length.</summary>
    public int Write(Span<byte> destination)
    {
        ScenePacket.WriteSysPeer(destination, SysCommand.AddPeer, PeerId);
        return Length;
    }

    /// <inheritdoc/>
    public override string ToString() => $"ADD_PEER({PeerId})";
}
