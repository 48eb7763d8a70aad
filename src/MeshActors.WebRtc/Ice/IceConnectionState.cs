namespace MeshActors.WebRtc.Ice;

/// <summary>
/// State of the ICE transport, named as in W3C <c>RTCIceTransportState</c> (which maps RFC 8445
/// checklist states and RFC 7675 consent onto one value).
/// </summary>
public enum IceConnectionState
{
    /// <summary>Gathering and/or waiting for remote credentials and candidates.</summary>
    New,

    /// <summary>Remote credentials are known and pairs are being checked; no usable pair yet.</summary>
    Checking,

    /// <summary>A pair is selected and has consent; checks may still be running.</summary>
    Connected,

    /// <summary>
    /// A nominated pair is selected, remote end-of-candidates was signalled and local gathering is
    /// complete: nothing more will be checked.
    /// </summary>
    Completed,

    /// <summary>No consent response on the selected pair for the disconnected timeout (RFC 7675); may come back.</summary>
    Disconnected,

    /// <summary>Every pair failed after end-of-candidates, or consent expired (RFC 7675 §5.1). Terminal.</summary>
    Failed,

    /// <summary>Closed by the application. Terminal.</summary>
    Closed,
}
