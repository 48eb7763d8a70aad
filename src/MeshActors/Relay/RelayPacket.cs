namespace MeshActors.Relay;

/// <summary>
/// SYS RELAY: a packet that travels between two clients through the server (reference/godot.md §4.2, §4.5).
/// </summary>
/// <remarks>
/// <code>
/// 0      1      2                  6
/// +------+------+------------------+---------------------------+
/// | 0x07 | 0x03 | peer id (int32 LE)| inner SceneMultiplayer packet (≥ 1 byte) |
/// +------+------+------------------+---------------------------+
/// </code>
/// Client → server: the id is the destination (0 broadcast, N single, −N everyone but N).
/// Server → client: the id is the original source. The server forwards on the transfer mode and
/// channel the packet arrived on.
/// </remarks>
public readonly ref struct RelayPacket
{
    /// <summary>Bytes before the inner packet.</summary>
    public const int HeaderLength = ScenePacket.SysHeaderLength;

    /// <summary>Creates a relay of <paramref name="inner"/> for <paramref name="peerId"/>.</summary>
    public RelayPacket(int peerId, ReadOnlySpan<byte> inner)
    {
        PeerId = peerId;
        Inner = inner;
    }

    /// <summary>Destination (client → server) or source (server → client).</summary>
    public int PeerId { get; }

    /// <summary>The relayed SceneMultiplayer packet, untouched.</summary>
    public ReadOnlySpan<byte> Inner { get; }

    /// <summary>Reads the packet; never throws. <see cref="Inner"/> points into <paramref name="packet"/>.</summary>
    public static ScenePacketStatus TryRead(ReadOnlySpan<byte> packet, out RelayPacket value)
    {
        var status = ScenePacket.TryReadSysPeer(packet, SysCommand.Relay, out var peerId);
        if (status == ScenePacketStatus.Ok && packet.Length <= HeaderLength)
        {
            status = ScenePacketStatus.TooShort; // the inner packet has at least its command byte
        }
        value = status == ScenePacketStatus.Ok ? new RelayPacket(peerId, packet[HeaderLength..]) : default;
        return status;
    }

    /// <summary>Writes only the 6-byte header, so a caller can place the inner packet after it without a copy.</summary>
    public static int WriteHeader(Span<byte> destination, int peerId)
    {
        ScenePacket.WriteSysPeer(destination, SysCommand.Relay, peerId);
        return HeaderLength;
    }

    /// <summary>Bytes <see cref="Write"/> produces.</summary>
    public int GetLength() => HeaderLength + Inner.Length;

    /// <summary>Writes the packet and returns its length.</summary>
    public int Write(Span<byte> destination)
    {
        WriteHeader(destination, PeerId);
        Inner.CopyTo(destination[HeaderLength..]);
        return HeaderLength + Inner.Length;
    }

    /// <inheritdoc/>
    public override string ToString() => $"RELAY({PeerId}, {Inner.Length} bytes)";
}
