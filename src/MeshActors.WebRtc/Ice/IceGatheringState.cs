namespace MeshActors.WebRtc.Ice;

/// <summary>Progress of local candidate gathering (W3C <c>RTCIceGatheringState</c>).</summary>
public enum IceGatheringState
{
    /// <summary>Nothing gathered yet.</summary>
    New,

    /// <summary>Candidates are being gathered (host candidates added, server-reflexive requests outstanding).</summary>
    Gathering,

    /// <summary>All local candidates are known: end-of-candidates may be signalled.</summary>
    Complete,
}
