using System.Buffers.Binary;
using System.IO.Hashing;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// The SCTP checksum: CRC-32C (Castagnoli) over the whole packet with the checksum field taken as
/// zero (RFC 9260 §6.8, Appendix A). The reflected CRC value is stored least significant byte first
/// in bytes 8-11, which is what every interoperable stack does.
/// </summary>
/// <remarks>
/// Uses System.IO.Hashing's hardware-accelerated CRC-32C (≈0.09 µs per 1200-byte packet on the
/// reference machine; a byte table would cost as much as AES-GCM).
/// </remarks>
public static class SctpChecksum
{
    /// <summary>Offset of the checksum field in the common header (RFC 9260 §3.1).</summary>
    public const int Offset = 8;

    private static ReadOnlySpan<byte> Zeros => [0, 0, 0, 0];

    /// <summary>Plain CRC-32C of <paramref name="data"/> (check value 0xE3069283 for "123456789").</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data) => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data);

    /// <summary>The checksum of a packet as if its checksum field were zero; the packet is not changed.</summary>
    public static uint Compute(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < SctpCommonHeader.Size)
        {
            return 0;
        }
        var crc = Hasher;
        crc.Append(packet[..Offset]);
        crc.Append(Zeros);
        crc.Append(packet[(Offset + 4)..]);
        var value = crc.GetCurrentHashAsUInt32();
        crc.Reset();
        return value;
    }

    /// <summary>True when the packet's stored checksum matches its content.</summary>
    public static bool Verify(ReadOnlySpan<byte> packet) =>
        packet.Length >= SctpCommonHeader.Size &&
        BinaryPrimitives.ReadUInt32LittleEndian(packet[Offset..]) == Compute(packet);

    /// <summary>Computes the checksum of a finished packet and stores it in bytes 8-11.</summary>
    public static void Stamp(Span<byte> packet)
    {
        packet.Slice(Offset, 4).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(packet[Offset..], Crc32C(packet));
    }

    // One incremental hasher per thread: verifying must skip the stored checksum without copying the packet.
    [ThreadStatic] private static Crc32? t_hasher;

    private static Crc32 Hasher => t_hasher ??= new Crc32(Crc32ParameterSet.Crc32C);
}
