namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// SCTP Payload Protocol Identifiers of WebRTC data channels (RFC 8831 §8, RFC 8832 §8.1). A
/// message is sent with 50 (DCEP), 51/53 (string/binary) or 56/57 (empty string/binary, carried as
/// one 0x00 byte because SCTP forbids empty DATA, RFC 8831 §6.6). The deprecated partial PPIDs
/// 52 and 54 are understood on receive and never sent.
/// </summary>
public enum DataChannelPpid : uint
{
    /// <summary>WebRTC DCEP (RFC 8832 §8.1).</summary>
    Dcep = 50,

    /// <summary>WebRTC String (RFC 8831 §8).</summary>
    String = 51,

    /// <summary>WebRTC Binary Partial (deprecated, RFC 8831 §8): received as binary.</summary>
    BinaryPartial = 52,

    /// <summary>WebRTC Binary (RFC 8831 §8).</summary>
    Binary = 53,

    /// <summary>WebRTC String Partial (deprecated, RFC 8831 §8): received as a string.</summary>
    StringPartial = 54,

    /// <summary>WebRTC String Empty (RFC 8831 §8): an empty string, carried as one 0x00 byte.</summary>
    StringEmpty = 56,

    /// <summary>WebRTC Binary Empty (RFC 8831 §8): an empty binary message, carried as one 0x00 byte.</summary>
    BinaryEmpty = 57,
}
