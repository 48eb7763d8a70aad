namespace MeshActors.WebRtc.DataChannels;

/// <summary>Result of decoding a DCEP message. Decoders never throw on bad bytes.</summary>
public enum DcepCodecStatus
{
    /// <summary>The message was read.</summary>
    Ok,

    /// <summary>Fewer bytes than the fixed part of the message.</summary>
    Truncated,

    /// <summary>The label and protocol lengths disagree with the bytes present.</summary>
    InvalidLength,

    /// <summary>The message type byte names a different (or unknown) message.</summary>
    WrongType,

    /// <summary>The channel type is not one RFC 8832 §8.2.2 defines.</summary>
    UnknownChannelType,
}
