namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// Values of the DATA_CHANNEL_OPEN "Priority" field (RFC 8832 §5.1), named after the W3C
/// <c>RTCPriorityType</c> they encode (WebRTC Priority Control API). Any 16-bit value may arrive; a
/// receiver keeps it as sent.
/// </summary>
public static class DataChannelPriority
{
    /// <summary>"very-low".</summary>
    public const ushort VeryLow = 128;

    /// <summary>"low": the W3C default, sent by browsers for a channel created without a priority.</summary>
    public const ushort Low = 256;

    /// <summary>"medium".</summary>
    public const ushort Medium = 512;

    /// <summary>"high".</summary>
    public const ushort High = 1024;
}
