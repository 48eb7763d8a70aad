using System.Buffers.Binary;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// The AEAD additional data of TLS 1.2 records (RFC 5246 §6.2.3.3) with DTLS's epoch-and-sequence in place of the
/// implicit sequence number (RFC 6347 §4.1.2.1), 13 bytes:
/// <c>seq_num (64) | type (8) | version (16) | length (16)</c>, where length is the plaintext length.
/// </summary>
internal static class AeadAdditionalData
{
    public const int Length = 13;

    public static void Write(Span<byte> destination, ulong epochAndSequence, DtlsContentType type, int plaintextLength)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, epochAndSequence);
        destination[8] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[9..], DtlsRecordHeader.Dtls12Version);
        BinaryPrimitives.WriteUInt16BigEndian(destination[11..], (ushort)plaintextLength);
    }
}
