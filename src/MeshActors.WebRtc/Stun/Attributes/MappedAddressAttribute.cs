using System.Net;

namespace MeshActors.WebRtc.Stun.Attributes;

/// <summary>
/// MAPPED-ADDRESS (0x0001, RFC 8489 §14.1): the reflexive transport address, unmasked. Kept for
/// RFC 3489 servers; current servers send <see cref="XorMappedAddressAttribute"/>. Layout in <c>StunAddress</c>.
/// </summary>
public readonly struct MappedAddressAttribute(IPEndPoint endPoint)
{
    /// <summary>The attribute type.</summary>
    public const StunAttributeType Type = StunAttributeType.MappedAddress;

    /// <summary>The mapped address and port.</summary>
    public IPEndPoint EndPoint { get; } = endPoint;

    /// <summary>Value length: 8 for IPv4, 20 for IPv6.</summary>
    public int GetLength() => StunAddress.GetLength(EndPoint);

    /// <summary>Writes the value (without the attribute header).</summary>
    public void Write(Span<byte> value) => StunAddress.Write(value, EndPoint, default);

    /// <summary>Reads a value; never throws.</summary>
    public static StunReadStatus TryRead(ReadOnlySpan<byte> value, out MappedAddressAttribute attribute)
    {
        var status = StunAddress.TryRead(value, default, out var endPoint);
        attribute = status == StunReadStatus.Ok ? new MappedAddressAttribute(endPoint!) : default;
        return status;
    }
}
