namespace MeshActors.WebRtc.DataChannels;

/// <summary>The W3C <c>RTCSctpTransportState</c> of a <see cref="SctpDataChannelTransport"/>.</summary>
public enum SctpDataChannelTransportState
{
    /// <summary>Created or started; the SCTP association is being set up.</summary>
    Connecting,

    /// <summary>The association is established: channels open and carry messages.</summary>
    Connected,

    /// <summary>The association ended (shut down, aborted or failed). Final.</summary>
    Closed,
}
