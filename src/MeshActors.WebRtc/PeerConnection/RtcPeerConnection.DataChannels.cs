using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Dtls;
using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc;

public sealed partial class RtcPeerConnection
{
    private SctpDataChannelTransport? _sctp;

    /// <summary>A data channel opened by the peer in band (W3C <c>datachannel</c>); subscribe to its events in the handler.</summary>
    public event Action<RtcDataChannel>? DataChannel;

    /// <summary>
    /// The SCTP transport that carries the data channels (W3C <c>sctp</c>): its <see cref="SctpDataChannelTransport.State"/>,
    /// <see cref="SctpDataChannelTransport.MaxChannels"/> and counters.
    /// </summary>
    public SctpDataChannelTransport Sctp => _sctp ??= CreateSctp();

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

    private SctpDataChannelTransport CreateSctp()
    {
        var options = new SctpAssociationOptions
        {
            // 0 = no limit in SDP terms (RFC 8841 §6.1); the association needs a number.
            MaxMessageSize = _configuration.MaxMessageSize is 0 or > int.MaxValue ? int.MaxValue : (int)_configuration.MaxMessageSize,
        };
        var sctp = new SctpDataChannelTransport(Executor, options, _network.Time);
        sctp.DataChannel += channel => Raise(DataChannel, Track(channel));
        return sctp;
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
