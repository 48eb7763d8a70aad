using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// The content of our State Cookie (RFC 9260 §5.1.3): what the INIT ACK sender needs to build the
/// association when COOKIE ECHO returns it, so that it keeps no state before that. Private format,
/// authenticated with HMAC-SHA-256 under a per-association secret key:
/// <code>
///  0       version (1) | capabilities (1) | reserved (2)
///  4       creation time, ticks of the association's clock (8)
/// 12       local verification tag (4)      16  peer verification tag (4)
/// 20       local initial TSN (4)           24  peer initial TSN (4)
/// 28       peer a_rwnd (4)                 32  peer OS (2) | peer MIS (2)
/// 36       local tie-tag (4)               40  peer tie-tag (4)
/// 44       HMAC-SHA-256 of bytes 0..43 (32)
/// </code>
/// </summary>
internal readonly record struct StateCookie(
    TimeSpan Created,
    uint LocalTag,
    uint PeerTag,
    uint LocalInitialTsn,
    uint PeerInitialTsn,
    uint PeerReceiveWindow,
    ushort PeerOutboundStreams,
    ushort PeerInboundStreams,
    PeerCapabilities Capabilities,
    uint LocalTieTag,
    uint PeerTieTag)
{
    public const int Size = 76;
    private const byte Version = 1;
    private const int MacOffset = 44;

    public int Write(Span<byte> destination, ReadOnlySpan<byte> key)
    {
        destination[0] = Version;
        destination[1] = (byte)Capabilities;
        destination[2] = destination[3] = 0;
        BinaryPrimitives.WriteInt64BigEndian(destination[4..], Created.Ticks);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], LocalTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], PeerTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], LocalInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], PeerInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[28..], PeerReceiveWindow);
        BinaryPrimitives.WriteUInt16BigEndian(destination[32..], PeerOutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(destination[34..], PeerInboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(destination[36..], LocalTieTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[40..], PeerTieTag);
        HMACSHA256.HashData(key, destination[..MacOffset], destination[MacOffset..Size]);
        return Size;
    }

    /// <summary>Reads a cookie; false when its size, version or HMAC is wrong (a forged or damaged cookie).</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, ReadOnlySpan<byte> key, out StateCookie cookie)
    {
        cookie = default;
        if (source.Length != Size || source[0] != Version)
        {
            return false;
        }
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, source[..MacOffset], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, source[MacOffset..Size]))
        {
            return false;
        }
        cookie = new StateCookie(
            TimeSpan.FromTicks(BinaryPrimitives.ReadInt64BigEndian(source[4..])),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[20..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[24..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[28..]),
            BinaryPrimitives.ReadUInt16BigEndian(source[32..]),
            BinaryPrimitives.ReadUInt16BigEndian(source[34..]),
            (PeerCapabilities)source[1],
            BinaryPrimitives.ReadUInt32BigEndian(source[36..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[40..]));
        return true;
    }
}

/// <summary>Extensions the peer announced in its INIT or INIT ACK.</summary>
[Flags]
internal enum PeerCapabilities : byte
{
    None = 0,
    /// <summary>Forward-TSN-Supported (RFC 3758).</summary>
    ForwardTsn = 1,
    /// <summary>RE-CONFIG in Supported Extensions (RFC 6525).</summary>
    Reconfig = 2,
    /// <summary>I-DATA in Supported Extensions (RFC 8260).</summary>
    Interleaving = 4,
}
