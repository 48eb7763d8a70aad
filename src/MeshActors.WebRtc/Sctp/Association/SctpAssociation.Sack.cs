namespace MeshActors.WebRtc.Sctp;

// Processing acknowledgements (RFC 9260 §6.2.1), fast retransmit (§7.2.4), congestion control (§7.2.1-7.2.3), RTT (§6.3.1).
public sealed partial class SctpAssociation
{
    private readonly SendQueue _sendQueue = new();
    private readonly RetransmissionQueue _rtxQueue = new();
    private readonly RetransmissionTimeout _rto;
    private long _flightSize;        // wire bytes of chunks in state InFlight
    private long _cwnd;
    private long _ssthresh;
    private long _partialBytesAcked;
    private long _peerRwnd;
    private bool _fastRecovery;
    private uint _fastRecoveryExit;
    private int _toRetransmitCount;
    private bool _fastRetransmitPending; // chunks just marked by fast retransmit may go regardless of cwnd, once
    private bool _rttProbeActive;
    private uint _rttProbeTsn;
    private readonly SackGapBlock[] _sackBlocks = new SackGapBlock[1024];

    /// <summary>Streams that currently hold send state (for leak checks).</summary>
    internal int OutgoingStreamCount => _sendQueue.StreamCount;

    /// <summary>Chunks waiting for acknowledgement (for leak checks).</summary>
    internal int OutstandingChunkCount => _rtxQueue.Count;

    private int ChunkHeaderSize => _interleaving ? InterleavedDataChunk.HeaderSize : DataChunk.HeaderSize;

    /// <summary>Bytes a chunk occupies on the wire; flight size and windows count these.</summary>
    private int WireSize(in InflightChunk chunk) => ChunkHeaderSize + ChunkHeader.Padded(chunk.Length);

    private void OnSack(in SackChunk sack, TimeSpan now)
    {
        if (_state is not (SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived or SctpAssociationState.ShutdownSent))
        {
            Counters.IgnoredChunks++;
            return;
        }
        Counters.SacksReceived++;
        var count = Math.Min(sack.GapBlockCount, _sackBlocks.Length);
        for (var i = 0; i < count; i++)
        {
            _sackBlocks[i] = sack.GetGapBlock(i);
        }
        ProcessAcknowledgement(sack.CumulativeTsnAck, sack.AdvertisedReceiverWindowCredit, _sackBlocks.AsSpan(0, count), now);
    }

    private void ProcessAcknowledgement(uint cumulativeAck, uint advertisedWindow, ReadOnlySpan<SackGapBlock> blocks, TimeSpan now)
    {
        var ackPoint = _rtxQueue.FirstTsn - 1;
        if (SerialNumber.Lt(cumulativeAck, ackPoint))
        {
            Counters.IgnoredChunks++; // §6.2.1 D i: older than what we know, arrived out of order
            return;
        }
        if (SerialNumber.Ge(cumulativeAck, _rtxQueue.NextTsn))
        {
            Counters.MalformedPackets++; // acknowledges data never sent
            return;
        }
        uint previousEnd = 0;
        foreach (var block in blocks)
        {
            if (block.Start == 0 || block.Start > block.End || (previousEnd != 0 && block.Start <= previousEnd)
                || SerialNumber.Ge(cumulativeAck + block.End, _rtxQueue.NextTsn))
            {
                Counters.MalformedPackets++; // gap blocks out of order or past what was sent
                return;
            }
            previousEnd = block.End;
        }

        var flightBefore = _flightSize;
        var cumulativeAdvanced = cumulativeAck != ackPoint;
        long newlyAcked = 0;
        var highestNewlyAcked = ackPoint;
        var anyNewlyAcked = false;

        // Cumulative acknowledgement: everything up to it leaves the queue.
        while (_rtxQueue.Count > 0 && SerialNumber.Le(_rtxQueue.FirstTsn, cumulativeAck))
        {
            var tsn = _rtxQueue.FirstTsn;
            ref var chunk = ref _rtxQueue[tsn];
            if (AcknowledgeChunk(ref chunk, tsn, now, ref newlyAcked))
            {
                chunk.State = ChunkState.Acked;
                highestNewlyAcked = tsn;
                anyNewlyAcked = true;
            }
            ReleaseChunk(ref chunk);
            _rtxQueue.RemoveFirst();
        }

        // Gap blocks: acknowledged ranges; a chunk acked before and missing now was reneged (§6.2.1 D iv).
        var walk = cumulativeAck + 1;
        var highestReported = cumulativeAck;
        foreach (var block in blocks)
        {
            var start = cumulativeAck + block.Start;
            var end = cumulativeAck + block.End;
            for (; SerialNumber.Lt(walk, start); walk++)
            {
                ref var missing = ref _rtxQueue[walk];
                if (missing.State == ChunkState.Acked)
                {
                    missing.State = ChunkState.InFlight;
                    _flightSize += WireSize(missing);
                }
            }
            for (; SerialNumber.Le(walk, end); walk++)
            {
                ref var acked = ref _rtxQueue[walk];
                if (AcknowledgeChunk(ref acked, walk, now, ref newlyAcked))
                {
                    acked.State = ChunkState.Acked;
                    highestNewlyAcked = SerialNumber.Max(highestNewlyAcked, walk);
                    anyNewlyAcked = true;
                }
            }
            highestReported = end;
        }

        // Miss indications (HTNA, §7.2.4): chunks still outstanding below the highest newly acknowledged TSN.
        var missLimit = _fastRecovery && cumulativeAdvanced ? highestReported : highestNewlyAcked;
        var enterFastRecovery = false;
        for (var tsn = cumulativeAck + 1; SerialNumber.Lt(tsn, missLimit); tsn++)
        {
            ref var chunk = ref _rtxQueue[tsn];
            if (chunk.State != ChunkState.InFlight || ++chunk.MissIndications < 3 || chunk.FastRetransmitted)
            {
                continue;
            }
            chunk.FastRetransmitted = true;
            MarkForRetransmission(ref chunk, tsn, now);
            enterFastRecovery = true;
        }
        if (enterFastRecovery && !_fastRecovery)
        {
            // §7.2.3 / §7.2.4: halve, enter fast recovery until everything outstanding now is acknowledged.
            Counters.FastRetransmits++;
            _ssthresh = Math.Max(_cwnd / 2, 4L * _mtu);
            _cwnd = _ssthresh;
            _partialBytesAcked = 0;
            _fastRecovery = true;
            _fastRecoveryExit = _rtxQueue.NextTsn - 1;
        }
        if (enterFastRecovery)
        {
            _fastRetransmitPending = true;
        }
        if (_fastRecovery && SerialNumber.Ge(cumulativeAck, _fastRecoveryExit))
        {
            _fastRecovery = false;
        }

        // Congestion window growth (§7.2.1, §7.2.2): only on a new cumulative ack, not in fast recovery,
        // and only when the window was in use (an application-limited sender must not inflate it).
        if (cumulativeAdvanced && !_fastRecovery && newlyAcked > 0 && flightBefore + _mtu > _cwnd)
        {
            if (_cwnd <= _ssthresh)
            {
                _cwnd += Math.Min(newlyAcked, _mtu);
            }
            else
            {
                _partialBytesAcked += newlyAcked;
                if (_partialBytesAcked >= _cwnd)
                {
                    _partialBytesAcked -= _cwnd;
                    _cwnd += _mtu;
                }
            }
        }
        _peerRwnd = Math.Max(0, advertisedWindow - _flightSize);

        if (anyNewlyAcked)
        {
            _associationErrors = 0;
        }
        if (_rtxQueue.Count == 0)
        {
            _t3.Stop();
        }
        else if (cumulativeAdvanced)
        {
            _t3.Start(now, T3Duration);
        }
        if (_forwardTsnEnabled)
        {
            UpdateAdvancedPeerAckPoint(now, cumulativeAdvanced);
        }
    }

    /// <summary>Accounts a chunk newly acknowledged; false when it was acknowledged (or abandoned) before.</summary>
    private bool AcknowledgeChunk(ref InflightChunk chunk, uint tsn, TimeSpan now, ref long newlyAcked)
    {
        switch (chunk.State)
        {
            case ChunkState.InFlight:
                _flightSize -= WireSize(chunk);
                break;
            case ChunkState.ToRetransmit:
                _toRetransmitCount--;
                break;
            default:
                return false;
        }
        newlyAcked += WireSize(chunk);
        if (_rttProbeActive && tsn == _rttProbeTsn)
        {
            _rttProbeActive = false;
            if (chunk.TransmitCount == 1)
            {
                _rto.Update(now - chunk.SentAt); // Karn: only chunks sent once
            }
        }
        return true;
    }

    /// <summary>Moves an outstanding chunk to "to retransmit", or abandons its message when partial reliability says so.</summary>
    private void MarkForRetransmission(ref InflightChunk chunk, uint tsn, TimeSpan now)
    {
        if (chunk.State is ChunkState.ToRetransmit or ChunkState.Abandoned)
        {
            return;
        }
        if (chunk.State == ChunkState.InFlight)
        {
            _flightSize -= WireSize(chunk);
        }
        chunk.State = ChunkState.ToRetransmit;
        _toRetransmitCount++;
        if (SerialNumber.Lt(tsn, _retransmitScan))
        {
            _retransmitScan = tsn;
        }
        if (_rttProbeActive && tsn == _rttProbeTsn)
        {
            _rttProbeActive = false;
        }
        var message = chunk.Message;
        if (_forwardTsnEnabled && message.IsPartiallyReliable
            && ((message.MaxRetransmits >= 0 && chunk.TransmitCount > message.MaxRetransmits) || message.ExpiresAt <= now))
        {
            AbandonMessage(message, now);
        }
    }

    /// <summary>A chunk leaves the retransmission queue: its message may go back to the pool.</summary>
    private void ReleaseChunk(ref InflightChunk chunk)
    {
        var message = chunk.Message;
        if (chunk.State == ChunkState.ToRetransmit)
        {
            _toRetransmitCount--;
        }
        else if (chunk.State == ChunkState.InFlight)
        {
            _flightSize -= WireSize(chunk);
        }
        chunk.Message = null!;
        if (message is not null && --message.ChunksInQueue == 0 && message.Unreferenced)
        {
            _sendQueue.ReturnMessage(message);
        }
    }

    /// <summary>
    /// The duration of every retransmission timer (T3-rtx, T2-shutdown, RE-CONFIG, heartbeat answer): the
    /// RTO, its backoff capped at <see cref="SctpAssociationOptions.MaxTimerBackoff"/> (Chrome: 3 s) so that
    /// a link that comes back is used again within seconds, not after RTO.Max.
    /// </summary>
    private TimeSpan T3Duration
    {
        get
        {
            var value = _rto.Value;
            var cap = _options.MaxTimerBackoff > _rto.BaseValue ? _options.MaxTimerBackoff : _rto.BaseValue;
            return value > cap ? cap : value;
        }
    }

    /// <summary>T3-rtx expired (§6.3.3): everything outstanding is lost; back to one packet of window.</summary>
    private void OnT3Expired(TimeSpan now)
    {
        Counters.RetransmissionTimeouts++;
        if (_rtxQueue.Count == 0)
        {
            _t3.Stop();
            return;
        }
        if (CountAssociationError())
        {
            return;
        }
        _rto.BackOff();
        _ssthresh = Math.Max(_cwnd / 2, 4L * _mtu);
        _cwnd = _mtu;
        _partialBytesAcked = 0;
        _fastRecovery = false;
        _rttProbeActive = false;
        var marked = false;
        for (var tsn = _rtxQueue.FirstTsn; SerialNumber.Lt(tsn, _rtxQueue.NextTsn); tsn++)
        {
            ref var chunk = ref _rtxQueue[tsn];
            if (chunk.State == ChunkState.InFlight)
            {
                MarkForRetransmission(ref chunk, tsn, now);
                marked = true;
            }
        }
        if (!marked && _toRetransmitCount == 0)
        {
            // Nothing in flight yet not cumulatively acked: the peer dropped gap-acked data (reneged)
            // or only abandoned chunks remain. Send the acked ones again; FORWARD-TSN covers the rest.
            for (var tsn = _rtxQueue.FirstTsn; SerialNumber.Lt(tsn, _rtxQueue.NextTsn); tsn++)
            {
                ref var chunk = ref _rtxQueue[tsn];
                if (chunk.State == ChunkState.Acked)
                {
                    MarkForRetransmission(ref chunk, tsn, now);
                }
            }
        }
        _retransmitScan = _rtxQueue.FirstTsn;
        if (_forwardTsnEnabled)
        {
            UpdateAdvancedPeerAckPoint(now, force: true);
        }
        _t3.Start(now, T3Duration);
    }

    /// <summary>RFC 9260 §8.1: counts an unanswered timeout; true when the limit closed the association.</summary>
    private bool CountAssociationError()
    {
        _associationErrors++;
        if (_options.MaxRetransmissions is { } max && _associationErrors > max)
        {
            AbortWithCause(SctpCloseReason.RetransmissionLimit, SctpErrorCauseCode.ProtocolViolation, "Too many retransmissions");
            return true;
        }
        return false;
    }
}
