using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MeshActors.WebRtc.Stun.Attributes;

/// <summary>
/// MESSAGE-INTEGRITY (0x0008, RFC 8489 §14.5): HMAC-SHA1 (20 bytes) over the message up to, not
/// including, this attribute, with the header length field set as if this attribute ended the
/// message. ICE uses short-term credentials: the key is the password's UTF-8 bytes (RFC 8445 §7.2.2).
/// Attributes after it, except FINGERPRINT, are ignored by receivers.
/// </summary>
public static class MessageIntegrityAttribute
{
    /// <summary>The attribute type.</summary>
    public const StunAttributeType Type = StunAttributeType.MessageIntegrity;

    /// <summary>
    /// Computes the HMAC for an attribute that starts at <paramref name="attributeOffset"/> of
    /// <paramref name="message"/> (which holds at least the bytes before it). Allocation-free.
    /// </summary>
    public static void Compute(ReadOnlySpan<byte> message, int attributeOffset, ReadOnlySpan<byte> key, Span<byte> hmac)
    {
        // The covered bytes with the length adjusted; copied to the stack so the original stays untouched.
        Span<byte> covered = attributeOffset <= 1024 ? stackalloc byte[attributeOffset] : new byte[attributeOffset];
        message[..attributeOffset].CopyTo(covered);
        var adjustedLength = attributeOffset + StunConstants.AttributeHeaderLength + StunConstants.MessageIntegrityLength - StunConstants.HeaderLength;
        BinaryPrimitives.WriteUInt16BigEndian(covered[2..], (ushort)adjustedLength);
        HMACSHA1.HashData(key, covered, hmac);
    }

    /// <summary>Checks the HMAC in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> message, int attributeOffset, ReadOnlySpan<byte> key)
    {
        if (attributeOffset + StunConstants.AttributeHeaderLength + StunConstants.MessageIntegrityLength > message.Length)
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[StunConstants.MessageIntegrityLength];
        Compute(message, attributeOffset, key, expected);
        var actual = message.Slice(attributeOffset + StunConstants.AttributeHeaderLength, StunConstants.MessageIntegrityLength);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
