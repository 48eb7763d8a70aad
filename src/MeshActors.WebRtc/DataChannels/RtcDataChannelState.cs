namespace MeshActors.WebRtc.DataChannels;

/// <summary>The W3C <c>RTCDataChannelState</c>: where a channel is in its life.</summary>
public enum RtcDataChannelState
{
    /// <summary>Created; waiting for the SCTP association (messages cannot be sent yet).</summary>
    Connecting,

    /// <summary>Messages can be sent and received.</summary>
    Open,

    /// <summary>Closing: outgoing stream reset requested or the peer's reset seen; nothing new is sent or delivered.</summary>
    Closing,

    /// <summary>Both directions of the stream are reset (or the association is gone). Final.</summary>
    Closed,
}
