namespace MeshActors.WebRtc.Sctp;

// Self-checks of the bookkeeping, for tests: every counter that is kept incrementally is recomputed.
public sealed partial class SctpAssociation
{
    /// <summary>Null when the incremental bookkeeping matches a full recount; otherwise what differs.</summary>
    internal string? CheckInvariants()
    {
        long flight = 0;
        var toRetransmit = 0;
        for (var tsn = _rtxQueue.FirstTsn; SerialNumber.Lt(tsn, _rtxQueue.NextTsn); tsn++)
        {
            ref var chunk = ref _rtxQueue[tsn];
            if (chunk.Message is null)
            {
                return $"chunk {tsn} has no message";
            }
            if (chunk.State == ChunkState.InFlight)
            {
                flight += WireSize(chunk);
            }
            else if (chunk.State == ChunkState.ToRetransmit)
            {
                toRetransmit++;
            }
        }
        if (flight != _flightSize)
        {
            return $"flight size {_flightSize}, recount {flight}";
        }
        if (toRetransmit != _toRetransmitCount)
        {
            return $"to-retransmit count {_toRetransmitCount}, recount {toRetransmit}";
        }
        long held = 0;
        foreach (var stream in _incoming.Values)
        {
            held += stream.Bytes;
        }
        if (held != _receiveBuffered)
        {
            return $"receive buffer {_receiveBuffered}, recount {held}";
        }
        long buffered = 0;
        foreach (var stream in _sendQueue.Streams)
        {
            long queued = 0;
            foreach (var message in stream.Queue)
            {
                queued += message.Length - message.NextOffset;
            }
            if (queued != stream.BufferedAmount)
            {
                return $"stream {stream.Id} buffered {stream.BufferedAmount}, recount {queued}";
            }
            buffered += queued;
        }
        if (buffered != _sendQueue.BufferedAmount)
        {
            return $"buffered {_sendQueue.BufferedAmount}, recount {buffered}";
        }
        if (_cwnd < _mtu || _peerRwnd < 0)
        {
            return $"cwnd {_cwnd}, rwnd {_peerRwnd}";
        }
        return null;
    }
}
