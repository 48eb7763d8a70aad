using System.Buffers.Binary;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// The SCTP common header (RFC 9260 §3.1), the first 12 bytes of every packet.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Source Port Number        |     Destination Port Number   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Verification Tag                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           Checksum                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The checksum is CRC-32C stored little-endian (see <see cref="SctpChecksum"/>).
/// </summary>
public readonly struct SctpCommonHeader : ISctpWritable
{
    /// <summary>Size of the common header in bytes (RFC 9260 §3.1).</summary>
    public const int Size = 12;

    /// <summary>Creates a header; the checksum is filled in when the packet is finished.</summary>
    public SctpCommonHeader(ushort sourcePort, ushort destinationPort, uint verificationTag, uint checksum = 0)
    {
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
        VerificationTag = verificationTag;
        Checksum = checksum;
    }

    /// <summary>The sender's SCTP port.</summary>
    public ushort SourcePort { get; }

    /// <summary>The receiver's SCTP port.</summary>
    public ushort DestinationPort { get; }

    /// <summary>The receiver's tag for this association (0 only on a packet carrying INIT).</summary>
    public uint VerificationTag { get; }

    /// <summary>The stored checksum as a number (the little-endian reading of bytes 8-11).</summary>
    public uint Checksum { get; }

    /// <summary>Always <see cref="Size"/>.</summary>
    public int GetLength() => Size;

    /// <summary>Reads the header of a packet.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out SctpCommonHeader header)
    {
        if (source.Length < Size)
        {
            header = default;
            return SctpCodecStatus.Truncated;
        }
        header = new SctpCommonHeader(
            BinaryPrimitives.ReadUInt16BigEndian(source),
            BinaryPrimitives.ReadUInt16BigEndian(source[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[8..]));
        return SctpCodecStatus.Ok;
    }

    /// <summary>Writes the 12 bytes; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], VerificationTag);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Checksum);
        return Size;
    }
}
