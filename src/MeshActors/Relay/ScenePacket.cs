using System.Buffers.Binary;

namespace MeshActors.Relay;

/// <summary>
/// Layout facts shared by every SceneMultiplayer packet type (reference/godot.md §4.1–4.2).
/// </summary>
/// <remarks>
/// <code>
/// byte 0: fffr cccc   c = command (bits 0–2), r = unused (bit 3), f = flags (bits 4–7)
/// SYS:    0x07, sub-command, then a little-endian int32 peer id for ADD_PEER / DEL_PEER / RELAY
/// </code>
/// </remarks>
public static class ScenePacket
{
    /// <summary>Bits of byte 0 that hold the command (<c>CMD_MASK</c>).</summary>
    public const byte CommandMask = 0x07;

    /// <summary>Bytes of a SYS header with a peer id: command, sub-command, int32 (<c>SYS_CMD_SIZE</c>).</summary>
    public const int SysHeaderLength = 6;

    /// <summary>Reads the command of a packet; false for an empty packet.</summary>
    public static bool TryReadCommand(ReadOnlySpan<byte> packet, out SceneCommand command)
    {
        if (packet.IsEmpty)
        {
            command = default;
            return false;
        }
        command = (SceneCommand)(packet[0] & CommandMask);
        return true;
    }

    /// <summary>
    /// Reads the header of a SYS packet that carries a peer id (ADD_PEER, DEL_PEER, RELAY).
    /// </summary>
    internal static ScenePacketStatus TryReadSysPeer(ReadOnlySpan<byte> packet, SysCommand expected, out int peerId)
    {
        peerId = 0;
        if (packet.IsEmpty)
        {
            return ScenePacketStatus.Empty;
        }
        if ((SceneCommand)(packet[0] & CommandMask) != SceneCommand.Sys)
        {
            return ScenePacketStatus.OtherCommand;
        }
        if (packet.Length < 2)
        {
            return ScenePacketStatus.TooShort;
        }
        if ((SysCommand)packet[1] != expected)
        {
            return ScenePacketStatus.OtherSysCommand;
        }
        if (packet.Length < SysHeaderLength)
        {
            return ScenePacketStatus.TooShort;
        }
        peerId = BinaryPrimitives.ReadInt32LittleEndian(packet.Slice(2, 4));
        return ScenePacketStatus.Ok;
    }

    /// <summary>Writes a SYS header with a peer id; <paramref name="destination"/> needs 6 bytes.</summary>
    internal static void WriteSysPeer(Span<byte> destination, SysCommand command, int peerId)
    {
        destination[0] = (byte)SceneCommand.Sys;
        destination[1] = (byte)command;
        BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(2, 4), peerId);
    }
}
