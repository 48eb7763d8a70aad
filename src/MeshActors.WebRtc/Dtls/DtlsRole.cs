namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// Which side of the DTLS handshake this endpoint plays (RFC 8842 §5.1 maps SDP <c>a=setup</c> onto it:
/// <c>active</c> is the client, <c>passive</c> the server; an offer says <c>actpass</c>, its answer <c>active</c>).
/// </summary>
public enum DtlsRole
{
    /// <summary>Sends the ClientHello (SDP <c>a=setup:active</c>).</summary>
    Client,

    /// <summary>Waits for the ClientHello (SDP <c>a=setup:passive</c>).</summary>
    Server,
}
