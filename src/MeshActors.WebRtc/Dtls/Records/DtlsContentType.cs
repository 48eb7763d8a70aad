namespace MeshActors.WebRtc.Dtls;

/// <summary>The record layer's content types (RFC 5246 §6.2.1, RFC 6347 §4.1; heartbeat RFC 6520, tls12_cid RFC 9146).</summary>
public enum DtlsContentType : byte
{
    /// <summary>change_cipher_spec (20).</summary>
    ChangeCipherSpec = 20,

    /// <summary>alert (21).</summary>
    Alert = 21,

    /// <summary>handshake (22).</summary>
    Handshake = 22,

    /// <summary>application_data (23).</summary>
    ApplicationData = 23,

    /// <summary>heartbeat (24).</summary>
    Heartbeat = 24,

    /// <summary>tls12_cid (25): a record carrying a connection ID.</summary>
    Tls12Cid = 25,
}
