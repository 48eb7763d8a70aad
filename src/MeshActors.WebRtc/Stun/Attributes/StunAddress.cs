using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MeshActors.WebRtc.Stun.Attributes;

/// <summary>
/// The shared value layout of MAPPED-ADDRESS and XOR-MAPPED-ADDRESS (RFC 8489 §14.1-14.2):
/// <code>
///  0                   1                   2                   3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0 0 0 0 0 0 0|    Family     |         (X-)Port              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            (X-)Address (32 bits IPv4 or 128 bits IPv6)        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Family 0x01 is IPv4, 0x02 IPv6. The XOR variant masks port and address with the magic cookie
/// (and, for IPv6, the transaction id) so that NATs rewriting addresses in payloads leave it alone.
/// </summary>
internal static class StunAddress
{
    public const byte FamilyIPv4 = 0x01;
    public const byte FamilyIPv6 = 0x02;

    public static int GetLength(IPEndPoint endPoint) =>
        endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? 20 : 8;

    /// <summary>Writes the value; <paramref name="mask"/> is empty (plain) or cookie+transaction id (XOR).</summary>
    public static void Write(Span<byte> value, IPEndPoint endPoint, ReadOnlySpan<byte> mask)
    {
        var v6 = endPoint.AddressFamily == AddressFamily.InterNetworkV6;
        value[0] = 0;
        value[1] = v6 ? FamilyIPv6 : FamilyIPv4;
        var port = (ushort)endPoint.Port;
        if (!mask.IsEmpty)
        {
            port ^= (ushort)(StunConstants.MagicCookie >> 16);
        }
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], port);
        var address = value.Slice(4, v6 ? 16 : 4);
        endPoint.Address.TryWriteBytes(address, out _);
        if (!mask.IsEmpty)
        {
            for (var i = 0; i < address.Length; i++)
            {
                address[i] ^= mask[i];
            }
        }
    }

    public static StunReadStatus TryRead(ReadOnlySpan<byte> value, ReadOnlySpan<byte> mask, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (value.Length < 4)
        {
            return StunReadStatus.BadAttributeValue;
        }
        var length = value[1] switch
        {
            FamilyIPv4 => 4,
            FamilyIPv6 => 16,
            _ => -1,
        };
        if (length < 0 || value.Length != 4 + length)
        {
            return StunReadStatus.BadAttributeValue;
        }
        var port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        Span<byte> address = stackalloc byte[length];
        value.Slice(4, length).CopyTo(address);
        if (!mask.IsEmpty)
        {
            port ^= (ushort)(StunConstants.MagicCookie >> 16);
            for (var i = 0; i < length; i++)
            {
                address[i] ^= mask[i];
            }
        }
        endPoint = new IPEndPoint(new IPAddress(address), port);
        return StunReadStatus.Ok;
    }
}
