namespace MeshActors.Relay;

/// <summary>
/// RAW: user bytes, what Godot's <c>multiplayer.send_bytes()</c> sends and <c>peer_packet</c> receives
/// (reference/godot.md §4.2).
/// </summary>
/// <remarks>
/// <code>
/// 0      1
/// +------+---------------------------+
/// | 0x03 | user bytes (≥ 1 byte)      |
/// +------+---------------------------+
/// </code>
/// Godot refuses to send an empty payload and drops a one-byte RAW packet on receipt.
/// </remarks>
public readonly ref struct RawPacket
{
    /// <summary>Bytes before the payload.</summary>
    public const int HeaderLength = 1;

    /// <summary>Creates a RAW packet for <paramref name="payload"/>.</summary>
    public RawPacket(ReadOnlySpan<byte> payload) => Payload = payload;

    /// <summary>The user bytes.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Reads the packet; never throws. <see cref="Payload"/> points into <paramref name="packet"/>.</summary>
    public static ScenePacketStatus TryRead(ReadOnlySpan<byte> packet, out RawPacket value)
    {
        value = default;
        if (packet.IsEmpty)
        {
            return ScenePacketStatus.Empty;
        }
        if ((SceneCommand)(packet[0] & ScenePacket.CommandMask) != SceneCommand.Raw)
        {
            return ScenePacketStatus.OtherCommand;
        }
        if (packet.Length < HeaderLength + 1)
        {
            return ScenePacketStatus.TooShort;
        }
        value = new RawPacket(packet[HeaderLength..]);
        return ScenePacketStatus.Ok;
    }

    /// <summary>Writes only the command byte, so a caller can place the payload after it without a copy.</summary>
    public static int WriteHeader(Span<byte> destination)
    {
        destination[0] = (byte)SceneCommand.Raw;
        return HeaderLength;
    }

    /// <summary>Bytes <see cref="Write"/> produces.</summary>
    public int GetLength() => HeaderLength + Payload.Length;

    /// <summary>Writes the packet and returns its length.</summary>
    public int Write(Span<byte> destination)
    {
        WriteHeader(destination);
        Payload.CopyTo(destination[HeaderLength..]);
        return HeaderLength + Payload.Length;
    }

    /// <inheritdoc/>
    public override string ToString() => $"RAW({Payload.Length} bytes)";
}
