namespace MeshActors.Relay;

/// <summary>
/// SYS AUTH: opaque authentication bytes from <c>send_auth</c>; a bare two-byte packet means
/// "authentication completed" (reference/godot.md §4.2, §4.3).
/// </summary>
/// <remarks>
/// <code>
/// 0      1      2
/// +------+------+-------------------------+
/// | 0x07 | 0x00 | auth bytes (may be none) |
/// +------+------+-------------------------+
/// </code>
/// Never relayed: it concerns the two ends of one connection only.
/// </remarks>
public readonly ref struct AuthPacket
{
    /// <summary>Bytes before the payload.</summary>
    public const int HeaderLength = 2;

    /// <summary>Creates an AUTH packet; an empty <paramref name="payload"/> is the completion marker.</summary>
    public AuthPacket(ReadOnlySpan<byte> payload) => Payload = payload;

    /// <summary>The authentication bytes; empty for "completed".</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>True for the bare completion marker.</summary>
    public bool IsCompletion => Payload.IsEmpty;

    /// <summary>Reads the packet; never throws. <see cref="Payload"/> points into <paramref name="packet"/>.</summary>
    public static ScenePacketStatus TryRead(ReadOnlySpan<byte> packet, out AuthPacket value)
    {
        value = default;
        if (packet.IsEmpty)
        {
            return ScenePacketStatus.Empty;
        }
        if ((SceneCommand)(packet[0] & ScenePacket.CommandMask) != SceneCommand.Sys)
        {
            return ScenePacketStatus.OtherCommand;
        }
        if (packet.Length < HeaderLength)
        {
            return ScenePacketStatus.TooShort;
        }
        if ((SysCommand)packet[1] != SysCommand.Auth)
        {
            return ScenePacketStatus.OtherSysCommand;
        }
        value = new AuthPacket(packet[HeaderLength..]);
        return ScenePacketStatus.Ok;
    }

    /// <summary>Bytes <see cref="Write"/> produces.</summary>
    public int GetLength() => HeaderLength + Payload.Length;

    /// <summary>Writes the packet and returns its length.</summary>
    public int Write(Span<byte> destination)
    {
        destination[0] = (byte)SceneCommand.Sys;
        destination[1] = (byte)SysCommand.Auth;
        Payload.CopyTo(destination[HeaderLength..]);
        return HeaderLength + Payload.Length;
    }

    /// <inheritdoc/>
    public override string ToString() => IsCompletion ? "AUTH(completed)" : $"AUTH({Payload.Length} bytes)";
}
