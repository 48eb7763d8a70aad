namespace MeshActors.WebRtc;

/// <summary>
/// A snapshot of a connection's statistics (W3C <c>RTCStatsReport</c>), typed: the connection, its transport, the
/// selected candidate pair and its candidates, the SCTP association and each data channel. <see cref="Values"/>
/// lists them all, as the W3C map does.
/// </summary>
public sealed record RtcStatsReport
{
    /// <summary>When the snapshot was taken.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The connection and its message totals.</summary>
    public required RtcPeerConnectionStats PeerConnection { get; init; }

    /// <summary>The ICE + DTLS transport; null before a description created it.</summary>
    public RtcTransportStats? Transport { get; init; }

    /// <summary>The selected candidate pair; null before ICE selects one.</summary>
    public RtcIceCandidatePairStats? SelectedCandidatePair { get; init; }

    /// <summary>The local candidate of the selected pair.</summary>
    public RtcIceCandidateStats? LocalCandidate { get; init; }

    /// <summary>The remote candidate of the selected pair.</summary>
    public RtcIceCandidateStats? RemoteCandidate { get; init; }

    /// <summary>The SCTP association; null before SCTP starts.</summary>
    public RtcSctpTransportStats? Sctp { get; init; }

    /// <summary>One entry per data channel the connection knows (open, opening or closing).</summary>
    public required IReadOnlyList<RtcDataChannelStats> DataChannels { get; init; }

    /// <summary>Every stats object of the report.</summary>
    public IEnumerable<RtcStats> Values
    {
        get
        {
            yield return PeerConnection;
            if (Transport is not null)
            {
                yield return Transport;
            }
            if (SelectedCandidatePair is not null)
            {
                yield return SelectedCandidatePair;
            }
            if (LocalCandidate is not null)
            {
                yield return LocalCandidate;
            }
            if (RemoteCandidate is not null)
            {
                yield return RemoteCandidate;
            }
            if (Sctp is not null)
            {
                yield return Sctp;
            }
            foreach (var channel in DataChannels)
            {
                yield return channel;
            }
        }
    }
}
