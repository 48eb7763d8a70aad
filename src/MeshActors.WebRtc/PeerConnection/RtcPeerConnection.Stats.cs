using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Dtls;
using MeshActors.WebRtc.Ice;

namespace MeshActors.WebRtc;

public sealed partial class RtcPeerConnection
{
    private const string PeerConnectionStatsId = "P";
    private const string TransportStatsId = "T01";

    private readonly List<RtcDataChannel> _channels = [];

    /// <summary>
    /// Takes a statistics snapshot (W3C <c>getStats()</c>) with webrtc-stats names: messages and bytes per channel
    /// and per connection, the transport's packets and bytes, the selected candidate pair with the RTT of its last
    /// ICE check, the candidates, and the SCTP association's smoothed RTT, windows and retransmissions.
    /// </summary>
    public Task<RtcStatsReport> GetStatsAsync() => Run(static pc => pc.GetStatsCore());

    private RtcStatsReport GetStatsCore()
    {
        var now = _network.Time.GetUtcNow();
        RtcDataChannel[] tracked;
        lock (_channels)
        {
            tracked = [.. _channels];
        }
        var channels = new List<RtcDataChannelStats>(tracked.Length);
        foreach (var channel in tracked)
        {
            channels.Add(new RtcDataChannelStats
            {
                Id = "D" + (channel.Id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-" + channel.Label),
                Timestamp = now,
                Label = channel.Label,
                Protocol = channel.Protocol,
                DataChannelIdentifier = channel.Id,
                State = channel.ReadyState.ToString().ToLowerInvariant(),
                MessagesSent = channel.MessagesSent,
                BytesSent = channel.BytesSent,
                MessagesReceived = channel.MessagesReceived,
                BytesReceived = channel.BytesReceived,
            });
        }
        var counters = _sctp?.Counters;
        var report = new RtcStatsReport
        {
            Timestamp = now,
            PeerConnection = new RtcPeerConnectionStats
            {
                Id = PeerConnectionStatsId,
                Timestamp = now,
                DataChannelsOpened = counters?.ChannelsOpened ?? 0,
                DataChannelsClosed = counters?.ChannelsClosed ?? 0,
                MessagesSent = counters?.MessagesSent ?? 0,
                BytesSent = counters?.BytesSent ?? 0,
                MessagesReceived = counters?.MessagesReceived ?? 0,
                BytesReceived = counters?.BytesReceived ?? 0,
            },
            DataChannels = channels,
        };
        if (_ice is null)
        {
            return report;
        }

        var pair = _ice.SelectedPair;
        var pairId = pair is null ? null : "CP" + pair.Local.Foundation + "_" + pair.Remote.Foundation;
        report = report with
        {
            Transport = new RtcTransportStats
            {
                Id = TransportStatsId,
                Timestamp = now,
                PacketsSent = _ice.DatagramsSent,
                PacketsReceived = _ice.DatagramsReceived,
                BytesSent = _dtls?.BytesSent ?? 0,
                BytesReceived = _dtls?.BytesReceived ?? 0,
                IceRole = _ice.Role == IceRole.Controlling ? "controlling" : "controlled",
                IceLocalUsernameFragment = _localIce.UsernameFragment,
                IceState = ToW3C(IceConnectionState),
                DtlsState = DtlsState.ToString().ToLowerInvariant(),
                DtlsRole = _dtls is null ? "unknown" : _dtls.Role == DtlsRole.Client ? "client" : "server",
                DtlsCipher = _dtls?.CipherSuite?.ToString(),
                TlsVersion = _dtls?.State == DtlsConnectionState.Connected ? "FEFD" : null,
                SelectedCandidatePairId = pairId,
                LocalCertificateFingerprint = Certificate.Fingerprint.ToString(),
                RemoteCertificateFingerprint = _dtls?.RemoteFingerprint?.ToString(),
            },
        };
        if (pair is not null)
        {
            var localId = "I" + pair.Local.Foundation;
            var remoteId = "I" + pair.Remote.Foundation + "r";
            report = report with
            {
                SelectedCandidatePair = new RtcIceCandidatePairStats
                {
                    Id = pairId!,
                    Timestamp = now,
                    TransportId = TransportStatsId,
                    LocalCandidateId = localId,
                    RemoteCandidateId = remoteId,
                    State = ToW3C(pair.State),
                    Nominated = pair.Nominated,
                    CurrentRoundTripTime = pair.RoundTripTime?.TotalSeconds,
                    RequestsReceived = pair.RequestsReceived,
                    ResponsesReceived = pair.ResponsesReceived,
                },
                LocalCandidate = CandidateStats(localId, now, pair.Local, remote: false),
                RemoteCandidate = CandidateStats(remoteId, now, pair.Remote, remote: true),
            };
        }
        if (_sctp?.Association is { } association)
        {
            report = report with
            {
                Sctp = new RtcSctpTransportStats
                {
                    Id = "S01",
                    Timestamp = now,
                    SmoothedRoundTripTime = association.SmoothedRoundTripTime > TimeSpan.Zero ? association.SmoothedRoundTripTime.TotalSeconds : null,
                    CongestionWindow = association.CongestionWindow,
                    ReceiverWindow = association.PeerReceiveWindow,
                    Mtu = association.Options.MaxPacketSize,
                    UnackData = association.FlightSize,
                    RetransmittedPacketsSent = association.Counters.Retransmissions,
                    PacketsSent = association.Counters.PacketsSent,
                    PacketsReceived = association.Counters.PacketsReceived,
                },
            };
        }
        return report;
    }

    /// <summary>Keeps a channel for <see cref="GetStatsAsync"/> (any thread); channels closed by then are dropped from the list.</summary>
    private RtcDataChannel Track(RtcDataChannel channel)
    {
        lock (_channels)
        {
            _channels.RemoveAll(static c => c.ReadyState == RtcDataChannelState.Closed);
            _channels.Add(channel);
        }
        return channel;
    }

    private static RtcIceCandidateStats CandidateStats(string id, DateTimeOffset now, Ice.IceCandidate candidate, bool remote) => new()
    {
        Id = id,
        Timestamp = now,
        IsRemote = remote,
        Address = candidate.Address,
        Port = candidate.Port,
        Protocol = candidate.Protocol == IceTransportProtocol.Udp ? "udp" : "tcp",
        CandidateType = Ice.IceCandidate.TypeToken(candidate.Type),
        Priority = candidate.Priority,
        Foundation = candidate.Foundation,
    };

    private static string ToW3C(RtcIceConnectionState state) => state.ToString().ToLowerInvariant();

    private static string ToW3C(IceCandidatePairState state) => state switch
    {
        IceCandidatePairState.InProgress => "in-progress",
        _ => state.ToString().ToLowerInvariant(),
    };
}
