namespace MeshActors.WebRtc.Sctp;

// A one-line description of the internal state, for diagnosing tests that do not settle.
public sealed partial class SctpAssociation
{
    /// <summary>The retransmission queue's head, the ack points, timers and what each incoming stream holds.</summary>
    internal string DescribeState()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append($"ring[{_rtxQueue.FirstTsn}..{_rtxQueue.NextTsn}) ");
        var shown = 0;
        for (var tsn = _rtxQueue.FirstTsn; SerialNumber.Lt(tsn, _rtxQueue.NextTsn) && shown < 6; tsn++, shown++)
        {
            ref var c = ref _rtxQueue[tsn];
            sb.Append($"{tsn}:{c.State}/tx{c.TransmitCount}/s{c.Message.StreamId}/m{c.Message.MessageId}/len{c.Length}/f{c.Flags} ");
        }
        sb.Append($"ap {_advancedPeerAckPoint} fwdDue {_forwardTsnDue} toRtx {_toRetransmitCount} t3 {_t3.Deadline} resetPending {_resetPending.Count} reqInFlight {_requestInFlight} deferred {_deferredResets.Count} ");
        foreach (var s in _incoming.Values)
        {
            if (s.Ordered.Count + s.Unordered.Count > 0)
            {
                sb.Append($"in{s.Id}: exp {s.ExpectedId} ord {s.Ordered.Count} (head m{(s.Ordered.Count > 0 ? s.Ordered[0].MessageId : 0)} tsn {(s.Ordered.Count > 0 ? s.Ordered[0].Tsn : 0)} f{(s.Ordered.Count > 0 ? s.Ordered[0].Flags : 0)}) unord {s.Unordered.Count} ");
            }
        }
        return sb.ToString();
    }
}
