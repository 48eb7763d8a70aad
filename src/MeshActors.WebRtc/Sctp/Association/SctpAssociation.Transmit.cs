using System.Buffers;

namespace MeshActors.WebRtc.Sctp;

// Building packets: control chunks, SACK, FORWARD-TSN, RE-CONFIG, retransmissions, then new DATA under
// the congestion and receive windows (RFC 9260 §6.1, §6.10 bundling, §7.2).
public sealed partial class SctpAssociation
{
    /// <summary>Smallest fragment worth starting in the room left at the end of a packet.</summary>
    private const int MinFragmentBytes = 128;

    private uint _retransmitScan;             // lowest TSN that may be waiting for retransmission
    private long _partialMessageBytes;        // full sizes of messages begun and not yet cut to the end (I-DATA)
    private long _peerInitialWindow;          // the a_rwnd of the peer's INIT / INIT ACK: its whole receive buffer
    private readonly List<ushort> _lowBufferedStreams = [];

    /// <summary>
    /// Writes the next packet to send into <paramref name="destination"/> (at least
    /// <see cref="SctpAssociationOptions.MaxPacketSize"/> bytes) and returns its length; 0 when there is
    /// nothing to send now. Call until it returns 0.
    /// </summary>
    public int PollTransmit(Span<byte> destination, TimeSpan now)
    {
        int length;
        try
        {
            length = PollTransmitCore(destination, now);
        }
        catch (Exception ex)
        {
            FailInternal(ex);
            length = DequeueControlPacket(destination); // the ABORT goes out now
        }
        if (length > 0)
        {
            Counters.PacketsSent++;
            Counters.BytesSent += length;
        }
        RaiseBufferedAmountLow();
        return length;
    }

    private int PollTransmitCore(Span<byte> destination, TimeSpan now)
    {
        var control = DequeueControlPacket(destination);
        if (control > 0)
        {
            return control;
        }
        if (_terminated || _state is SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            return 0;
        }

        var writer = new SctpPacketWriter(destination[..Math.Min(destination.Length, _mtu)], _options.LocalPort, _options.RemotePort, _peerTag);
        var mayStartMessages = _state is SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived;
        var newDataWaiting = mayStartMessages && _sendQueue.HasQueuedMessages && _flightSize < _cwnd;
        var retransmitWaiting = _toRetransmitCount > 0;

        if (_sackDue || (_delayedAck.IsRunning && (newDataWaiting || retransmitWaiting)))
        {
            WriteSack(ref writer); // bundled with outgoing DATA instead of waiting for the timer
        }
        if (_forwardTsnDue)
        {
            WriteForwardTsn(ref writer, now);
        }
        WriteReconfig(ref writer, now);

        var dataSent = false;
        if (retransmitWaiting)
        {
            dataSent = WriteRetransmissions(ref writer, now);
        }
        if (_toRetransmitCount == 0 && mayStartMessages && _sendQueue.HasQueuedMessages)
        {
            dataSent |= WriteNewData(ref writer, now);
        }
        if (!writer.HasChunks)
        {
            return 0;
        }
        if (dataSent)
        {
            if (!_t3.IsRunning)
            {
                _t3.Start(now, T3Duration);
            }
            RestartHeartbeat(now);
        }
        return writer.Finish();
    }

    /// <summary>Copies the oldest queued control packet out; 0 when there is none.</summary>
    private int DequeueControlPacket(Span<byte> destination)
    {
        while (_controlPackets.Count > 0)
        {
            var packet = _controlPackets.Dequeue();
            var fits = packet.Length <= destination.Length;
            if (fits)
            {
                packet.Buffer.AsSpan(0, packet.Length).CopyTo(destination);
            }
            ArrayPool<byte>.Shared.Return(packet.Buffer);
            if (fits)
            {
                return packet.Length;
            }
            Counters.IgnoredChunks++; // the caller's buffer is too small for this packet
        }
        return 0;
    }

    /// <summary>Sends chunks marked lost, oldest first: fast retransmits once regardless of cwnd, the rest within it.</summary>
    private bool WriteRetransmissions(ref SctpPacketWriter writer, TimeSpan now)
    {
        var ignoreWindow = _fastRetransmitPending;
        _fastRetransmitPending = false;
        var sent = false;
        if (SerialNumber.Lt(_retransmitScan, _rtxQueue.FirstTsn))
        {
            _retransmitScan = _rtxQueue.FirstTsn;
        }
        for (var tsn = _retransmitScan; _toRetransmitCount > 0 && SerialNumber.Lt(tsn, _rtxQueue.NextTsn); tsn++)
        {
            ref var chunk = ref _rtxQueue[tsn];
            if (chunk.State != ChunkState.ToRetransmit)
            {
                if (!sent)
                {
                    _retransmitScan = tsn + 1;
                }
                continue;
            }
            var message = chunk.Message;
            if (_forwardTsnEnabled && message.ExpiresAt <= now)
            {
                AbandonMessage(message, now); // its lifetime ran out while waiting
                continue;
            }
            var size = WireSize(chunk);
            if (!ignoreWindow && _flightSize > 0 && _flightSize + size > _cwnd)
            {
                break;
            }
            if (size > writer.Remaining)
            {
                break;
            }
            writer.Advance(WriteDataChunk(writer.Free, tsn, chunk, immediate: false));
            chunk.State = ChunkState.InFlight;
            chunk.TransmitCount++;
            chunk.MissIndications = 0;
            chunk.SentAt = now;
            _toRetransmitCount--;
            _flightSize += size;
            Counters.Retransmissions++;
            sent = true;
        }
        return sent;
    }

    /// <summary>Cuts fragments from the streams' queues, round-robin, while the windows allow.</summary>
    private bool WriteNewData(ref SctpPacketWriter writer, TimeSpan now)
    {
        var headerSize = ChunkHeaderSize;
        var maxFragment = (_mtu - SctpCommonHeader.Size - headerSize) & ~3;
        var sent = false;
        var skipped = 0;
        while (_flightSize < _cwnd)
        {
            var stream = _sendQueue.Current;
            if (stream is null)
            {
                break;
            }
            var message = stream.Queue.Peek();
            if (message.Abandoned || (message.ExpiresAt <= now && _forwardTsnEnabled) || (!message.Started && message.ExpiresAt <= now))
            {
                DropHeadMessage(stream, message, now);
                continue;
            }
            if (_interleaving && !message.Started && _partialMessageBytes > 0 && _partialMessageBytes + message.Length > _peerInitialWindow / 2)
            {
                // RFC 8260 interleaving can deadlock a receiver whose buffer fills with messages that are all
                // begun and none finished (it cannot deliver part of a message). Start another one only while
                // the begun ones fit in half the peer's buffer; meanwhile the turn goes to streams whose
                // message is already under way.
                if (++skipped > _sendQueue.ReadyCount)
                {
                    break;
                }
                _sendQueue.Advance(stream, headFinished: false);
                continue;
            }
            skipped = 0;
            var remaining = message.Length - message.NextOffset;
            var room = (writer.Remaining - headerSize) & ~3;
            var size = Math.Min(Math.Min(remaining, room), maxFragment);
            if (size <= 0 || (size < remaining && size < MinFragmentBytes && writer.HasChunks))
            {
                break; // start a new packet rather than cut a sliver
            }
            var wire = headerSize + ChunkHeader.Padded(size);
            if (_peerRwnd < wire && _flightSize > 0)
            {
                break; // §6.1 B: the peer has no room; one chunk may probe a zero window when nothing is in flight
            }

            var tsn = _rtxQueue.NextTsn;
            if (!message.Started)
            {
                _partialMessageBytes += message.Length;
                message.FirstTsn = tsn;
                message.MessageId = message.Unordered
                    ? (_interleaving ? stream.NextUnorderedMid++ : 0)
                    : (_interleaving ? stream.NextOrderedMid++ : stream.NextSsn++);
            }
            byte flags = 0;
            if (!message.Started)
            {
                flags |= DataChunk.BeginningFlag;
            }
            if (size == remaining)
            {
                flags |= DataChunk.EndingFlag;
            }
            if (message.Unordered)
            {
                flags |= DataChunk.UnorderedFlag;
            }
            ref var chunk = ref _rtxQueue.Add();
            chunk.Message = message;
            chunk.Offset = message.NextOffset;
            chunk.Length = size;
            chunk.Fsn = message.NextFsn++;
            chunk.Flags = flags;
            chunk.State = ChunkState.InFlight;
            chunk.TransmitCount = 1;
            chunk.SentAt = now;
            message.ChunksInQueue++;
            message.LastTsn = tsn;
            message.NextOffset += size;
            if (message.FullyFragmented)
            {
                _partialMessageBytes -= message.Length;
            }

            // RFC 7053: ask for an immediate SACK on the last chunk of a burst, so the tail is not left to the delayed-ack timer.
            var last = message.FullyFragmented && stream.Queue.Count == 1 && _sendQueue.BufferedAmount == size;
            writer.Advance(WriteDataChunk(writer.Free, tsn, chunk, last));
            _flightSize += wire;
            _peerRwnd = Math.Max(0, _peerRwnd - wire);
            Counters.DataChunksSent++;
            if (!_rttProbeActive)
            {
                _rttProbeActive = true;
                _rttProbeTsn = tsn;
            }
            ConsumeBuffered(stream, size);
            _sendQueue.Advance(stream, message.FullyFragmented);
            sent = true;
        }
        return sent;
    }

    /// <summary>Drops a stream's head message that was abandoned or expired before (or while) being sent.</summary>
    private void DropHeadMessage(OutgoingStream stream, OutgoingMessage message, TimeSpan now)
    {
        if (!message.Abandoned)
        {
            if (message.Started)
            {
                AbandonMessage(message, now);
            }
            else
            {
                message.Abandoned = true;
                Counters.MessagesAbandoned++;
            }
        }
        if (message.Started && !message.FullyFragmented)
        {
            _partialMessageBytes -= message.Length;
        }
        ConsumeBuffered(stream, message.Length - message.NextOffset);
        message.NextOffset = message.Length;
        _sendQueue.Advance(stream, headFinished: true);
        if (message.Unreferenced)
        {
            _sendQueue.ReturnMessage(message);
        }
    }

    private void ConsumeBuffered(OutgoingStream stream, long bytes)
    {
        var before = stream.BufferedAmount;
        _sendQueue.Consumed(stream, bytes);
        if (before > stream.BufferedAmountLowThreshold && stream.BufferedAmount <= stream.BufferedAmountLowThreshold)
        {
            _lowBufferedStreams.Add(stream.Id); // raised after the packet is finished
        }
    }

    private void RaiseBufferedAmountLow()
    {
        for (var i = 0; i < _lowBufferedStreams.Count && !_terminated; i++)
        {
            _handler.OnBufferedAmountLow(_lowBufferedStreams[i]);
        }
        _lowBufferedStreams.Clear();
    }

    private int WriteDataChunk(Span<byte> destination, uint tsn, in InflightChunk chunk, bool immediate)
    {
        var message = chunk.Message;
        var flags = immediate ? (byte)(chunk.Flags | DataChunk.ImmediateFlag) : chunk.Flags;
        var data = message.Buffer.AsSpan(chunk.Offset, chunk.Length);
        if (_interleaving)
        {
            var ppidOrFsn = (chunk.Flags & DataChunk.BeginningFlag) != 0 ? message.PayloadProtocolId : chunk.Fsn;
            return new InterleavedDataChunk(tsn, message.StreamId, message.MessageId, ppidOrFsn, flags, data).Write(destination);
        }
        return new DataChunk(tsn, message.StreamId, (ushort)message.MessageId, message.PayloadProtocolId, flags, data).Write(destination);
    }
}
