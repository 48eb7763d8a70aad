using MeshActors.Multiplayer;

namespace MeshActors.Peers;

/// <summary>
/// The seam between the mesh and one WebRTC peer connection with its data channels. The real
/// implementation wraps <c>RtcPeerConnection</c> and its <c>RtcDataChannel</c>s; tests may use a double.
/// </summary>
/// <remarks>
/// Threading: getters and <see cref="Send"/> may be called from any thread. Observer callbacks
/// arrive on the connection's own thread, one at a time, in order.
/// </remarks>
internal interface IPeerLink : IDisposable
{
    /// <summary>Current state of the connection.</summary>
    LinkConnectionState ConnectionState { get; }

    /// <summary>Number of channels created by <see cref="TryCreateChannels"/> (0 before).</summary>
    int ChannelCount { get; }

    /// <summary>Current state of channel <paramref name="channel"/> (index into the channel list).</summary>
    LinkChannelState GetChannelState(int channel);

    /// <summary>
    /// Creates the negotiated channels in list order while the connection is new. False when one
    /// cannot be created (Godot's <c>FAILED</c>); the link is then unusable and is disposed by the caller.
    /// </summary>
    bool TryCreateChannels(IReadOnlyList<ChannelSpec> channels);

    /// <summary>Starts delivering events and messages to <paramref name="observer"/>. Called once.</summary>
    void Start(IPeerLinkObserver observer);

    /// <summary>
    /// Sends one message on channel <paramref name="channel"/>. Never throws for transport reasons:
    /// <see cref="MultiplayerError.Unconfigured"/> when the channel is not open.
    /// </summary>
    MultiplayerError Send(int channel, ReadOnlySpan<byte> message);

    /// <summary>Closes the connection gracefully (Godot's <c>connection.close()</c>); the state becomes closed.</summary>
    void Close();

    /// <summary>Transport statistics of the connection (taken on the connection's thread).</summary>
    Task<LinkStatistics> GetStatisticsAsync();

    /// <summary>The underlying connection object, handed back by <c>GetPeer</c>.</summary>
    object Connection { get; }

    /// <summary>The underlying channel objects, in list order, handed back by <c>GetPeer</c>.</summary>
    IReadOnlyList<object> Channels { get; }
}

/// <summary>Receives what an <see cref="IPeerLink"/> reports, on the connection's thread.</summary>
internal interface IPeerLinkObserver
{
    /// <summary>The connection state changed.</summary>
    void OnConnectionStateChanged(LinkConnectionState state);

    /// <summary>A channel's state changed.</summary>
    void OnChannelStateChanged(int channel, LinkChannelState state);

    /// <summary>A message arrived on a channel. The span is only valid during the call.</summary>
    void OnMessage(int channel, ReadOnlySpan<byte> message);
}

/// <summary>Transport counters of one connection (names after W3C webrtc-stats where they exist).</summary>
/// <param name="RoundTripTime">Smoothed round-trip time, or null before the first measurement.</param>
/// <param name="Retransmissions">Retransmitted SCTP chunks.</param>
/// <param name="BytesSent">Bytes of data-channel messages sent.</param>
/// <param name="BytesReceived">Bytes of data-channel messages received.</param>
/// <param name="MessagesSent">Data-channel messages sent.</param>
/// <param name="MessagesReceived">Data-channel messages received.</param>
internal readonly record struct LinkStatistics(
    TimeSpan? RoundTripTime, long Retransmissions, long BytesSent, long BytesReceived, long MessagesSent, long MessagesReceived);
