namespace MeshActors.WebRtc.Sctp;

/// <summary>Result of decoding an SCTP wire structure. Decoders never throw on bad bytes.</summary>
public enum SctpCodecStatus
{
    /// <summary>The structure was read.</summary>
    Ok,

    /// <summary>Fewer bytes than the fixed part of the structure.</summary>
    Truncated,

    /// <summary>A length field disagrees with the bytes present or with the structure's layout.</summary>
    InvalidLength,

    /// <summary>A field holds a value the RFC forbids.</summary>
    InvalidValue,

    /// <summary>The type field names a different structure.</summary>
    WrongType,
}
