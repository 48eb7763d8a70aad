namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// The "Channel Type" byte of DATA_CHANNEL_OPEN (RFC 8832 §5.1, registry §8.2.2): the high bit
/// (0x80) selects unordered delivery, the low bits the reliability kind, which also says how the
/// Reliability Parameter is read (ignored; maximum retransmissions; lifetime in milliseconds).
/// </summary>
public enum DataChannelType : byte
{
    /// <summary>DATA_CHANNEL_RELIABLE: ordered, reliable.</summary>
    Reliable = 0x00,

    /// <summary>DATA_CHANNEL_RELIABLE_UNORDERED: unordered, reliable.</summary>
    ReliableUnordered = 0x80,

    /// <summary>DATA_CHANNEL_PARTIAL_RELIABLE_REXMIT: ordered, at most N retransmissions.</summary>
    PartialReliableRexmit = 0x01,

    /// <summary>DATA_CHANNEL_PARTIAL_RELIABLE_REXMIT_UNORDERED: unordered, at most N retransmissions.</summary>
    PartialReliableRexmitUnordered = 0x81,

    /// <summary>DATA_CHANNEL_PARTIAL_RELIABLE_TIMED: ordered, abandoned after N milliseconds.</summary>
    PartialReliableTimed = 0x02,

    /// <summary>DATA_CHANNEL_PARTIAL_RELIABLE_TIMED_UNORDERED: unordered, abandoned after N milliseconds.</summary>
    PartialReliableTimedUnordered = 0x82,
}

/// <summary>Helpers over <see cref="DataChannelType"/>.</summary>
public static class DataChannelTypeExtensions
{
    /// <summary>Bit that selects unordered delivery (RFC 8832 §5.1).</summary>
    private const byte UnorderedBit = 0x80;

    /// <summary>True for the six channel types RFC 8832 §8.2.2 registers.</summary>
    public static bool IsDefined(this DataChannelType type) => type switch
    {
        DataChannelType.Reliable or DataChannelType.ReliableUnordered
            or DataChannelType.PartialReliableRexmit or DataChannelType.PartialReliableRexmitUnordered
            or DataChannelType.PartialReliableTimed or DataChannelType.PartialReliableTimedUnordered => true,
        _ => false,
    };

    /// <summary>True when messages are delivered in order (high bit clear).</summary>
    public static bool IsOrdered(this DataChannelType type) => ((byte)type & UnorderedBit) == 0;

    /// <summary>True when the reliability parameter is a retransmission count.</summary>
    public static bool IsRexmit(this DataChannelType type) => ((byte)type & ~UnorderedBit) == (byte)DataChannelType.PartialReliableRexmit;

    /// <summary>True when the reliability parameter is a lifetime in milliseconds.</summary>
    public static bool IsTimed(this DataChannelType type) => ((byte)type & ~UnorderedBit) == (byte)DataChannelType.PartialReliableTimed;

    /// <summary>The channel type for the given W3C-style options; at most one limit may be set.</summary>
    public static DataChannelType From(bool ordered, bool hasMaxRetransmits, bool hasMaxPacketLifeTime)
    {
        var kind = hasMaxRetransmits ? DataChannelType.PartialReliableRexmit
            : hasMaxPacketLifeTime ? DataChannelType.PartialReliableTimed
            : DataChannelType.Reliable;
        return ordered ? kind : (DataChannelType)((byte)kind | UnorderedBit);
    }
}
