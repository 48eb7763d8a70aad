namespace MeshActors.WebRtc;

/// <summary>Which candidates ICE may use (W3C WebRTC <c>RTCIceTransportPolicy</c>).</summary>
public enum RtcIceTransportPolicy
{
    /// <summary>"all": host, server-reflexive and peer-reflexive candidates.</summary>
    All,

    /// <summary>
    /// "relay": only relayed candidates. This stack has no TURN client, so such a connection gathers no
    /// candidate and can only fail; the value exists so that browser configurations load unchanged.
    /// </summary>
    Relay,
}
