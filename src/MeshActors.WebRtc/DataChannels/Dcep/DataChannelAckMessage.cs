namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// DATA_CHANNEL_ACK (RFC 8832 §5.2): the answer to DATA_CHANNEL_OPEN, sent on the same stream with
/// PPID 50. It is the message type alone.
/// <code>
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// |  Message Type |
/// +-+-+-+-+-+-+-+-+
/// </code>
/// Message Type is 0x02. Bytes after it carry nothing RFC 8832 defines and are ignored, so a future
/// extension of the ACK cannot break channel setup.
/// </summary>
public readonly struct DataChannelAckMessage
{
    /// <summary>Bytes of the message.</summary>
    public const int Size = 1;

    /// <summary>Bytes <see cref="Write"/> produces.</summary>
    public int GetLength() => Size;

    /// <summary>Reads a DATA_CHANNEL_ACK message.</summary>
    public static DcepCodecStatus TryRead(ReadOnlySpan<byte> source, out DataChannelAckMessage message)
    {
        message = default;
        if (source.IsEmpty)
        {
            return DcepCodecStatus.Truncated;
        }
        return source[0] == (byte)DcepMessageType.DataChannelAck ? DcepCodecStatus.Ok : DcepCodecStatus.WrongType;
    }

    /// <summary>Writes the message; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        destination[0] = (byte)DcepMessageType.DataChannelAck;
        return Size;
    }
}
