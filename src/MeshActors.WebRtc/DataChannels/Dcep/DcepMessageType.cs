namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// The first byte of every DCEP message (RFC 8832 §8.2.1, "Message Type" registry). Values 0x00 and
/// 0x01 are reserved (used by pre-RFC drafts) and, like every other unknown value, are dropped.
/// </summary>
public enum DcepMessageType : byte
{
    /// <summary>DATA_CHANNEL_ACK (RFC 8832 §5.2).</summary>
    DataChannelAck = 0x02,

    /// <summary>DATA_CHANNEL_OPEN (RFC 8832 §5.1).</summary>
    DataChannelOpen = 0x03,
}
