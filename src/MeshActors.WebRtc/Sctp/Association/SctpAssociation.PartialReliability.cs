namespace MeshActors.WebRtc.Sctp;

// Partial reliability (RFC 3758; I-FORWARD-TSN from RFC 8260 §2.3): abandoning messages and skipping them.
public sealed partial class SctpAssociation
{
    private uint _advancedPeerAckPoint;
    private uint _lastForwardTsnSent;
    private TimeSpan _lastForwardTsnTime;
    private bool _forwardTsnDue;
    private readonly ForwardTsnStream[] _forwardEntries = new ForwardTsnStream[512];
    private readonly InterleavedForwardTsnStream[] _iforwardEntries = new InterleavedForwardTsnStream[512];

    /// <summary>
    /// Gives up on a message (RFC 3758 §3.5 A3): every chunk of it that has a TSN is abandoned, and what
    /// was not yet cut into chunks is dropped when its stream's turn comes.
    /// </summary>
    private void AbandonMessage(OutgoingMessage message, TimeSpan now)
    {
        if (message.Abandoned)
        {
            return;
        }
        message.Abandoned = true;
        Counters.MessagesAbandoned++;
        if (message.Started && message.ChunksInQueue > 0)
        {
            var from = SerialNumber.Max(message.FirstTsn, _rtxQueue.FirstTsn);
            for (var tsn = from; SerialNumber.Le(tsn, message.LastTsn) && _rtxQueue.Contains(tsn); tsn++)
            {
                ref var chunk = ref _rtxQueue[tsn];
                if (!ReferenceEquals(chunk.Message, message) || chunk.State == ChunkState.Abandoned)
                {
                    continue;
                }
                if (chunk.State == ChunkState.InFlight)
                {
                    _flightSize -= WireSize(chunk);
                }
                else if (chunk.State == ChunkState.ToRetransmit)
                {
                    _toRetransmitCount--;
                }
                if (_rttProbeActive && tsn == _rttProbeTsn)
                {
                    _rttProbeActive = false;
                }
                chunk.State = ChunkState.Abandoned;
            }
        }
        if (message.Started && !message.FullyFragmented && _forwardTsnEnabled)
        {
            // Its last fragment was never sent: give the end a TSN of its own, abandoned and never sent, so
            // that a FORWARD-TSN covers the message and the receiver drops the fragments it holds (what
            // dcSCTP does too). Without it, a message whose sent fragments were all acknowledged would stay
            // half-received for ever and block its ordered stream.
            ref var end = ref _rtxQueue.Add();
            end.Message = message;
            end.Offset = message.NextOffset;
            end.Length = 0;
            end.Fsn = message.NextFsn++;
            end.Flags = (byte)(DataChunk.EndingFlag | (message.Unordered ? DataChunk.UnorderedFlag : 0));
            end.State = ChunkState.Abandoned;
            message.ChunksInQueue++;
            message.LastTsn = _rtxQueue.NextTsn - 1;
        }
        UpdateAdvancedPeerAckPoint(now, force: false);
    }

    /// <summary>
    /// RFC 3758 §3.5 C1-C3: the advanced peer ack point moves over abandoned chunks right after the
    /// cumulative ack; when it is ahead, a FORWARD-TSN is due. It is not resent on every SACK: only when
    /// it moved, after a timeout, or when a round trip passed without the peer catching up (a FORWARD-TSN
    /// per SACK makes the ping-pong seen with maxRetransmits=0 elsewhere).
    /// </summary>
    private void UpdateAdvancedPeerAckPoint(TimeSpan now, bool force)
    {
        if (!_forwardTsnEnabled)
        {
            return;
        }
        var ackPoint = _rtxQueue.FirstTsn - 1;
        var point = SerialNumber.Max(_advancedPeerAckPoint, ackPoint);
        while (_rtxQueue.Contains(point + 1) && _rtxQueue[point + 1].State == ChunkState.Abandoned)
        {
            point++;
        }
        _advancedPeerAckPoint = point;
        if (!SerialNumber.Gt(point, ackPoint))
        {
            _forwardTsnDue = false;
            return;
        }
        var waited = now - _lastForwardTsnTime;
        var roundTrip = _rto.HasMeasurement ? _rto.SmoothedRtt + _rto.SmoothedRtt : _rto.Value;
        if (force || SerialNumber.Gt(point, _lastForwardTsnSent) || waited >= roundTrip)
        {
            _forwardTsnDue = true;
        }
        if (!_t3.IsRunning)
        {
            _t3.Start(now, T3Duration);
        }
    }

    private void WriteForwardTsn(ref SctpPacketWriter writer, TimeSpan now)
    {
        var ackPoint = _rtxQueue.FirstTsn - 1;
        if (!SerialNumber.Gt(_advancedPeerAckPoint, ackPoint))
        {
            _forwardTsnDue = false;
            return;
        }
        var entrySize = _interleaving ? InterleavedForwardTsnChunk.EntrySize : ForwardTsnChunk.EntrySize;
        var maxEntries = Math.Min((writer.Remaining - ForwardTsnChunk.FixedSize) / entrySize, _forwardEntries.Length);
        if (maxEntries < 1)
        {
            return; // next packet
        }
        var newCumulative = _advancedPeerAckPoint;
        var count = 0;
        for (var tsn = ackPoint + 1; SerialNumber.Le(tsn, _advancedPeerAckPoint); tsn++)
        {
            var message = _rtxQueue[tsn].Message;
            if (!AddForwardEntry(message, ref count, maxEntries))
            {
                newCumulative = tsn - 1;
                break;
            }
        }
        if (!SerialNumber.Gt(newCumulative, ackPoint))
        {
            return;
        }
        var written = _interleaving
            ? writer.TryAppend(new InterleavedForwardTsnChunk(newCumulative, _iforwardEntries.AsSpan(0, count)))
            : writer.TryAppend(new ForwardTsnChunk(newCumulative, _forwardEntries.AsSpan(0, count)));
        if (written)
        {
            Counters.ForwardTsnsSent++;
            _forwardTsnDue = false;
            _lastForwardTsnSent = newCumulative;
            _lastForwardTsnTime = now;
            if (!_t3.IsRunning)
            {
                _t3.Start(now, T3Duration);
            }
        }
    }

    /// <summary>Adds (or merges) the stream entry of an abandoned message; false when the chunk is full.</summary>
    private bool AddForwardEntry(OutgoingMessage message, ref int count, int maxEntries)
    {
        if (!_sendQueue.TryGet(message.StreamId, out var stream) || !ReferenceEquals(stream, message.Stream))
        {
            return true; // the stream was reset since: its sequence numbers started over; never mix the two lives
        }
        if (_interleaving)
        {
            for (var i = 0; i < count; i++)
            {
                ref var entry = ref _iforwardEntries[i];
                if (entry.StreamId == message.StreamId && entry.Unordered == message.Unordered)
                {
                    if (!message.Unordered)
                    {
                        // Ordered: the highest MID skipped covers the earlier ones.
                        if (SerialNumber.Gt(message.MessageId, entry.MessageId))
                        {
                            entry = entry with { MessageId = message.MessageId };
                        }
                        return true;
                    }
                    if (entry.MessageId == message.MessageId)
                    {
                        return true;
                    }
                }
            }
            if (count == maxEntries)
            {
                return false;
            }
            _iforwardEntries[count++] = new InterleavedForwardTsnStream(message.StreamId, message.Unordered, message.MessageId);
            return true;
        }
        if (message.Unordered)
        {
            return true; // RFC 3758 §3.2: only ordered streams are listed
        }
        for (var i = 0; i < count; i++)
        {
            ref var entry = ref _forwardEntries[i];
            if (entry.StreamId == message.StreamId)
            {
                if (SerialNumber.Lt16(entry.StreamSequenceNumber, (ushort)message.MessageId))
                {
                    entry = entry with { StreamSequenceNumber = (ushort)message.MessageId };
                }
                return true;
            }
        }
        if (count == maxEntries)
        {
            return false;
        }
        _forwardEntries[count++] = new ForwardTsnStream(message.StreamId, (ushort)message.MessageId);
        return true;
    }

    private void OnForwardTsn(in ForwardTsnChunk forward, TimeSpan now)
    {
        var newCumulative = forward.NewCumulativeTsn;
        if (!BeginForwardTsn(newCumulative, interleavedChunk: false))
        {
            return;
        }
        // Ordered streams named: skip up to the SSN given, then deliver what became next in line.
        for (var i = 0; i < forward.StreamCount && !_terminated; i++)
        {
            var entry = forward.GetStream(i);
            if (_incoming.TryGetValue(entry.StreamId, out var stream) || entry.StreamId < _inboundStreams)
            {
                stream ??= GetIncomingStream(entry.StreamId);
                var next = (uint)(ushort)(entry.StreamSequenceNumber + 1);
                if (SerialNumber.Lt16((ushort)stream.ExpectedId, (ushort)next))
                {
                    stream.ExpectedId = next;
                }
            }
        }
        // Fragments of abandoned messages at or below the new cumulative TSN can never complete.
        foreach (var stream in _incoming.Values)
        {
            var before = stream.Bytes;
            stream.Ordered.RemoveBefore(stream.ExpectedId);
            // Not the (possibly further) cumulative TSN: fragments above the sender's ack point may belong to live messages.
            stream.Ordered.RemoveIncompleteUpTo(newCumulative);
            stream.Unordered.RemoveIncompleteUpTo(newCumulative);
            _receiveBuffered -= before - stream.Bytes;
        }
        EndForwardTsn();
    }

    private void OnInterleavedForwardTsn(in InterleavedForwardTsnChunk forward, TimeSpan now)
    {
        if (!BeginForwardTsn(forward.NewCumulativeTsn, interleavedChunk: true))
        {
            return;
        }
        for (var i = 0; i < forward.StreamCount && !_terminated; i++)
        {
            var entry = forward.GetStream(i);
            if (entry.StreamId >= _inboundStreams)
            {
                continue;
            }
            var stream = GetIncomingStream(entry.StreamId);
            var before = stream.Bytes;
            if (entry.Unordered)
            {
                stream.Unordered.RemoveMessage(entry.MessageId);
            }
            else
            {
                if (SerialNumber.Le(stream.ExpectedId, entry.MessageId))
                {
                    stream.ExpectedId = entry.MessageId + 1;
                }
                stream.Ordered.RemoveBefore(stream.ExpectedId);
            }
            _receiveBuffered -= before - stream.Bytes;
        }
        EndForwardTsn();
    }

    /// <summary>
    /// Common start of FORWARD-TSN handling; false when the chunk is to be ignored. A FORWARD-TSN whose
    /// new cumulative TSN we already passed (we had the data, our SACK was lost) still names abandoned
    /// messages whose partial fragments we hold, so its entries are processed all the same (RFC 3758
    /// §3.6 only forbids moving the cumulative TSN back) — unless it is older than the last stream reset,
    /// whose streams now count their messages from 0 again.
    /// </summary>
    private bool BeginForwardTsn(uint newCumulativeTsn, bool interleavedChunk)
    {
        Counters.ForwardTsnsReceived++;
        if (_state is not (SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownSent)
            || !_options.EnablePartialReliability)
        {
            Counters.IgnoredChunks++;
            return false;
        }
        if (interleavedChunk != _interleaving)
        {
            AbortWithCause(SctpCloseReason.ProtocolViolation, SctpErrorCauseCode.ProtocolViolation,
                interleavedChunk ? "I-FORWARD-TSN without I-DATA" : "FORWARD-TSN although I-DATA was negotiated");
            return false;
        }
        _sackDue = true; // RFC 3758 §3.6: acknowledge at once
        if (SerialNumber.Gt(newCumulativeTsn, _received.CumulativeTsn))
        {
            if (newCumulativeTsn - _received.CumulativeTsn > ReceivedTsnTracker.MaxGap)
            {
                Counters.MalformedPackets++; // skips further than the peer could have sent
                return false;
            }
            _received.ForwardTo(newCumulativeTsn);
            return true;
        }
        if (_incomingResetPerformed && SerialNumber.Le(newCumulativeTsn, _lastIncomingResetTsn))
        {
            Counters.IgnoredChunks++;
            return false;
        }
        return true;
    }

    private void EndForwardTsn()
    {
        // Delivering calls the handler, which may abort: walk a copy, not the dictionary.
        _streamScratch.Clear();
        _streamScratch.AddRange(_incoming.Values);
        foreach (var stream in _streamScratch)
        {
            if (_terminated)
            {
                break;
            }
            DeliverOrdered(stream);
        }
        _streamScratch.Clear();
        if (!_terminated)
        {
            PerformDeferredResets();
        }
    }

    private readonly List<IncomingStream> _streamScratch = [];
}
