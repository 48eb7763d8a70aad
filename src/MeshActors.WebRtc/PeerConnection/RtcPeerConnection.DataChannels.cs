using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Dtls;
using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc;

public sealed partial class RtcPeerConnection
{
    private SctpDataChannelTransport? _sctp;
    private int _sctpRemotePort;

    /// <summary>A data channel opened by the peer in band (W3C <c>datachannel</c>); subscribe to its events in the handler.</summary>
    public event Action<RtcDataChannel>? DataChannel;

    /// <summary>
    /// The SCTP transport that carries the data channels (W3C <c>sctp</c>): its <see cref="SctpDataChannelTransport.State"/>,
    /// <see cref="SctpDataChannelTransport.MaxChannels"/> and counters.
    /// </summary>
    public SctpDataChannelTransport Sctp
    {
        get
        {
            if (Volatile.Read(ref _sctp) is { } sctp)
            {
                return sctp;
            }
            // Channels may be created from any thread before negotiation: exactly one transport is made.
            lock (_channels)
            {
                return _sctp ??= CreateSctp(_remote?.SctpPort ?? SctpPort);
            }
        }
    }

    /// <summary>
    /// Creates a data channel (W3C <c>createDataChannel</c>) with the <c>RTCDataChannelInit</c> options: ordered,
    /// maxPacketLifeTime or maxRetransmits (not both), protocol, negotiated with an id. May be called before the
    /// offer: the channel opens once SCTP is up. An in-band channel is announced to the peer (DCEP) and gets a
    /// stream id of this side's parity (even as DTLS client); a negotiated one must be created by both sides with
    /// the same id.
    /// </summary>
    /// <exception cref="ArgumentException">The label or the options break a W3C rule.</exception>
    /// <exception cref="InvalidOperationException">The connection is closed, or the id is taken.</exception>
    public RtcDataChannel CreateDataChannel(string label, RtcDataChannelInit? init = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (SignalingState == RtcSignalingState.Closed)
        {
            throw new InvalidOperationException("The connection is closed.");
        }
        return Track(Sctp.CreateDataChannel(label, init));
    }

    private SctpDataChannelTransport CreateSctp(int remotePort)
    {
        var defaults = new SctpAssociationOptions();
        var maxMessageSize = (int)_configuration.MaxMessageSize;
        var options = new SctpAssociationOptions
        {
            LocalPort = SctpPort,
            RemotePort = (ushort)remotePort,
            MaxMessageSize = maxMessageSize,
            // The association reassembles whole messages: its window holds two and a channel's buffer one.
            ReceiveWindow = Math.Max(defaults.ReceiveWindow, 2 * maxMessageSize),
            MaxBufferedAmountPerStream = Math.Max(defaults.MaxBufferedAmountPerStream, maxMessageSize),
        };
        _sctpRemotePort = remotePort;
        var sctp = new SctpDataChannelTransport(Executor, options, _network.Time);
        sctp.DataChannel += channel => Raise(DataChannel, Track(channel));
        return sctp;
    }

    /// <summary>
    /// Throws when the remote <c>a=sctp-port</c> differs from the port of an SCTP transport made before the remote
    /// description was known (a channel created before negotiation fixes it at 5000, the port every browser uses).
    /// </summary>
    private void CheckRemoteSctpPort(RemoteSessionParameters remote)
    {
        if (_sctp is not null && remote.SctpPort != _sctpRemotePort)
        {
            throw new NotSupportedException(
                $"The remote a=sctp-port is {remote.SctpPort}, but SCTP was set up for port {_sctpRemotePort} when the first channel was created; " +
                "create the channels after setting the remote description to use another port.");
        }
    }

    private void OnDtlsConnected()
    {
        // RFC 8841: SCTP runs over the DTLS association once it is up; the DTLS client takes even stream ids.
        Sctp.Start(_dtls!, _dtls!.Role == DtlsRole.Client, _remote!.MaxMessageSize);
    }

    private void OnDtlsEnded()
    {
        // close_notify or a DTLS failure: nothing more can reach the peer, so the channels close at once.
        _sctp?.Abort("DTLS closed");
    }

    /// <summary>Aborts the association (the peer's channels close at once); the caller closes DTLS after it.</summary>
    private void CloseDataChannels() => _sctp?.Abort("Peer connection closed");
}
