using System.Buffers.Binary;
using System.Net;

namespace MeshActors.WebRtc.Stun.Attributes;

/// <summary>
/// XOR-MAPPED-ADDRESS (0x0020, RFC 8489 §14.2): the reflexive transport address, X-Port = port XOR
/// the cookie's top 16 bits, X-Address = address XOR the cookie (IPv4) or cookie ‖ transaction id (IPv6).
/// </summary>
public readonly struct XorMappedAddressAttribute(IPEndPoint endPoint)
{
    /// <summary>The attribute type.</summary>
    public const StunAttributeType Type = StunAttributeType.XorMappedAddress;

    /// <summary>The mapped address and port, unmasked.</summary>
    public IPEndPoint EndPoint { get; } = endPoint;

    /// <summary>Value length: 8 for IPv4, 20 for IPv6.</summary>
    public int GetLength() => StunAddress.GetLength(EndPoint);

    /// <summary>Writes the masked value for a message with <paramref name="transactionId"/>.</summary>
    public void Write(Span<byte> value, in TransactionId transactionId)
    {
        Span<byte> mask = stackalloc byte[16];
        FillMask(mask, transactionId);
        StunAddress.Write(value, EndPoint, mask);
    }

    /// <summary>Reads and unmasks a value of a message with <paramref name="transactionId"/>; never throws.</summary>
    public static StunReadStatus TryRead(ReadOnlySpan<byte> value, in TransactionId transactionId, out XorMappedAddressAttribute attribute)
    {
        Span<byte> mask = stackalloc byte[16];
        FillMask(mask, transactionId);
        var status = StunAddress.TryRead(value, mask, out var endPoint);
        attribute = status == StunReadStatus.Ok ? new XorMappedAddressAttribute(endPoint!) : default;
        return status;
    }

    private static void FillMask(Span<byte> mask, in TransactionId transactionId)
    {
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunConstants.MagicCookie);
        transactionId.Write(mask[4..]);
    }
}
