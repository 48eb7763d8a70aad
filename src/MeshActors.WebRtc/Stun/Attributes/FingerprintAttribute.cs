using System.Buffers.Binary;
using System.IO.Hashing;

namespace MeshActors.WebRtc.Stun.Attributes;

/// <summary>
/// FINGERPRINT (0x8028, RFC 8489 §14.7): CRC-32 (ISO/IEEE, as in Ethernet) of the message up to,
/// not including, this attribute, XOR 0x5354554E; always the last attribute. With the header length
/// already counting it, the CRC runs over the message bytes as they stand. It tells STUN apart from
/// other protocols on the same port (RFC 7983 demultiplexing).
/// </summary>
public static class FingerprintAttribute
{
    /// <summary>The attribute type.</summary>
    public const StunAttributeType Type = StunAttributeType.Fingerprint;

    /// <summary>The fingerprint value for the bytes before the attribute.</summary>
    public static uint Compute(ReadOnlySpan<byte> messageBeforeAttribute) =>
        Crc32.HashToUInt32(messageBeforeAttribute) ^ StunConstants.FingerprintXor;

    /// <summary>True when the attribute at <paramref name="attributeOffset"/> holds the right value.</summary>
    public static bool Verify(ReadOnlySpan<byte> message, int attributeOffset) =>
        attributeOffset + StunConstants.AttributeHeaderLength + StunConstants.FingerprintLength <= message.Length &&
        BinaryPrimitives.ReadUInt32BigEndian(message[(attributeOffset + StunConstants.AttributeHeaderLength)..]) == Compute(message[..attributeOffset]);
}
