namespace MeshActors.WebRtc.Stun;

/// <summary>
/// Packs and unpacks the 14-bit message type. Method bits M11..M0 and class bits C1 C0 interleave
/// (RFC 8489 §5):
/// <code>
///  0                 1
///  2  3  4 5 6 7 8 9 0 1 2 3 4 5
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
/// |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public static class StunMessageType
{
    /// <summary>Encodes a method and class into the 16-bit type field (top two bits zero).</summary>
    public static ushort Encode(StunMethod method, StunClass cls)
    {
        var m = (int)method;
        var c = (int)cls;
        var type = (m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2);
        type |= ((c & 0x1) << 4) | ((c & 0x2) << 7);
        return (ushort)type;
    }

    /// <summary>Decodes the 16-bit type field (its top two bits must already be checked as zero).</summary>
    public static (StunMethod Method, StunClass Class) Decode(ushort type)
    {
        var method = (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
        var cls = ((type & 0x0010) >> 4) | ((type & 0x0100) >> 7);
        return ((StunMethod)method, (StunClass)cls);
    }
}
