namespace MeshActors.WebRtc.Dtls;

/// <summary>The life cycle of a <see cref="DtlsConnection"/>, shaped like W3C <c>RTCDtlsTransportState</c>.</summary>
public enum DtlsConnectionState
{
    /// <summary>Created; <see cref="DtlsConnection.Start"/> not called yet.</summary>
    New,

    /// <summary>The handshake is queued or running.</summary>
    Connecting,

    /// <summary>The handshake completed and the remote certificate matched its fingerprint: records flow.</summary>
    Connected,

    /// <summary>Closed by <see cref="DtlsConnection.Close"/> or by a close_notify from the peer.</summary>
    Closed,

    /// <summary>The handshake or the connection failed; <see cref="DtlsConnection.Error"/> says why.</summary>
    Failed,
}
