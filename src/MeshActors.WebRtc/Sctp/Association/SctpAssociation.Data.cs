namespace MeshActors.WebRtc.Sctp;

// Receiving DATA / I-DATA (RFC 9260 §6.2, §6.5, §6.6, §6.9; RFC 8260 §2.1) and acknowledging it.
public sealed partial class SctpAssociation
{
    private readonly ReceivedTsnTracker _received = new();
    private readonly Dictionary<ushort, IncomingStream> _incoming = [];
    private long _receiveBuffered; // user-data bytes held for reassembly or ordering
    private bool _sackDue;         // a SACK goes out with the next packet
    private int _dataPacketsSinceSack;

    /// <summary>Streams that currently hold receive state (for leak checks).</summary>
    internal int IncomingStreamCount => _incoming.Count;

    /// <summary>User-data bytes held waiting for reassembly or order.</summary>
    internal long ReceiveBufferedBytes => _receiveBuffered;

    private uint AdvertisedReceiveWindow => (uint)Math.Max(0, _options.ReceiveWindow - _receiveBuffered);

    private void OnDataChunk(bool interleavedChunk, uint tsn, ushort streamId, uint messageId, uint fsn, uint ppid, byte flags, ReadOnlySpan<byte> payload, TimeSpan now)
    {
        Counters.DataChunksReceived++;
        _dataInPacket = true;
        if (_state is not (SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownSent))
        {
            Counters.IgnoredChunks++;
            return;
        }
        if (interleavedChunk != _interleaving)
        {
            AbortWithCause(SctpCloseReason.ProtocolViolation, SctpErrorCauseCode.ProtocolViolation,
                interleavedChunk ? "I-DATA received but not negotiated" : "DATA received although I-DATA was negotiated");
            return;
        }
        if (payload.IsEmpty)
        {
            // §6.2: a DATA chunk without user data aborts the association with "No User Data".
            Span<byte> cause = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(cause[4..], tsn);
            new ErrorCause(SctpErrorCauseCode.NoUserData, cause[4..]).Write(cause);
            AbortWithRawCause(SctpCloseReason.ProtocolViolation, SctpErrorCauseCode.NoUserData, cause, "DATA chunk without user data");
            return;
        }
        if ((flags & DataChunk.ImmediateFlag) != 0)
        {
            _sackDue = true; // RFC 7053
        }
        if (_received.IsReceived(tsn))
        {
            Counters.DuplicateDataChunks++;
            _received.RecordDuplicate(tsn);
            _sackDue = true; // §6.2: report duplicates at once
            return;
        }
        var next = tsn == _received.CumulativeTsn + 1;
        if (tsn - _received.CumulativeTsn > ReceivedTsnTracker.MaxGap
            || (!next && SerialNumber.Gt(tsn, _received.HighestReceived) && _receiveBuffered + payload.Length > _options.ReceiveWindow))
        {
            // §6.2: no room: drop new data beyond the highest TSN. Chunks that fill gaps, and the next TSN, are
            // still taken: they are what completes or unblocks the messages held (with I-DATA the buffer can
            // fill with messages that are all begun and none finished).
            Counters.DataChunksDroppedNoBuffer++;
            _sackDue = true;
            return;
        }
        if (_receiveBuffered + payload.Length > 2L * _options.ReceiveWindow)
        {
            // A sender that respects a_rwnd never gets here. If even the next TSN cannot be taken, nothing held
            // can ever complete: fail cleanly instead of stalling for ever (dcSCTP does the same).
            Counters.DataChunksDroppedNoBuffer++;
            if (next)
            {
                AbortWithCause(SctpCloseReason.ProtocolViolation, SctpErrorCauseCode.OutOfResource, "reassembly buffer exhausted");
            }
            return;
        }
        if (streamId >= _inboundStreams)
        {
            // §6.5: acknowledge, discard, report Invalid Stream Identifier.
            _received.Add(tsn);
            Span<byte> cause = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(cause[4..], streamId);
            cause[6] = cause[7] = 0;
            new ErrorCause(SctpErrorCauseCode.InvalidStreamIdentifier, cause[4..]).Write(cause);
            QueueControlChunk(_peerTag, new ErrorChunk(cause));
            return;
        }
        if (IsHeldBackByDeferredReset(streamId, tsn))
        {
            // RFC 6525 §5.2.2: data of the stream's next life waits for the deferred reset; not acknowledged,
            // so the peer sends it again once the reset is done.
            Counters.DataChunksDroppedNoBuffer++;
            return;
        }
        _received.Add(tsn);
        if (_received.HasGaps)
        {
            _sackDue = true; // a gap: SACK at once so the sender's fast retransmit can start (§6.7)
        }

        var unordered = (flags & DataChunk.UnorderedFlag) != 0;
        var stream = GetIncomingStream(streamId);
        var queue = unordered ? stream.Unordered : stream.Ordered;
        const byte whole = DataChunk.BeginningFlag | DataChunk.EndingFlag;
        if ((flags & whole) == whole && (unordered || (queue.Count == 0 && messageId == stream.ExpectedId)))
        {
            // A whole message that can be delivered now: straight from the packet, no copy.
            if (!unordered)
            {
                stream.ExpectedId = NextMessageId(messageId);
            }
            Deliver(streamId, ppid, payload);
            return;
        }
        if (!unordered && IdPrecedes(messageId, stream.ExpectedId))
        {
            Counters.IgnoredChunks++; // a message skipped by FORWARD-TSN
            return;
        }
        var buffer = BufferPools.RentFragment(payload.Length);
        payload.CopyTo(buffer);
        var index = queue.Insert(new Fragment
        {
            Tsn = tsn,
            MessageId = messageId,
            Fsn = fsn,
            PayloadProtocolId = ppid,
            Flags = flags,
            Buffer = buffer,
            Length = payload.Length,
        });
        if (index < 0)
        {
            BufferPools.ReturnFragment(buffer);
            Counters.IgnoredChunks++;
            return;
        }
        _receiveBuffered += payload.Length;
        if (queue.Bytes > _options.MaxMessageSize && queue.MessageBytesAround(index) > _options.MaxMessageSize)
        {
            AbortWithCause(SctpCloseReason.ProtocolViolation, SctpErrorCauseCode.ProtocolViolation, "message larger than max-message-size");
            return;
        }
        if (unordered)
        {
            if (queue.TryGetCompleteMessage(index, out var start, out var end))
            {
                DeliverTaken(streamId, queue.Take(start, end));
            }
        }
        else
        {
            DeliverOrdered(stream);
        }
    }

    private IncomingStream GetIncomingStream(ushort streamId)
    {
        if (!_incoming.TryGetValue(streamId, out var stream))
        {
            stream = new IncomingStream(streamId, _interleaving);
            _incoming.Add(streamId, stream);
        }
        return stream;
    }

    private uint NextMessageId(uint id) => _interleaving ? id + 1 : (ushort)(id + 1);

    private bool IdPrecedes(uint id, uint expected) =>
        _interleaving ? SerialNumber.Lt(id, expected) : SerialNumber.Lt16((ushort)id, (ushort)expected);

    /// <summary>Delivers the ordered messages of a stream that are complete and next in line.</summary>
    private void DeliverOrdered(IncomingStream stream)
    {
        while (!_terminated && stream.Ordered.TryGetCompleteHead(stream.ExpectedId, out var end))
        {
            var message = stream.Ordered.Take(0, end);
            stream.ExpectedId = NextMessageId(stream.ExpectedId);
            DeliverTaken(stream.Id, message);
        }
    }

    private void DeliverTaken(ushort streamId, in ReassembledMessage message)
    {
        _receiveBuffered -= message.Length;
        try
        {
            Deliver(streamId, message.PayloadProtocolId, message.Buffer.AsSpan(0, message.Length));
        }
        finally
        {
            BufferPools.ReturnFragment(message.Buffer);
        }
    }

    private void Deliver(ushort streamId, uint ppid, ReadOnlySpan<byte> message)
    {
        Counters.MessagesReceived++;
        _handler.OnMessage(streamId, ppid, message);
    }

    /// <summary>After a packet with DATA: SACK at once or start the delayed-ack timer (RFC 9260 §6.2).</summary>
    private void AfterDataReceived(TimeSpan now)
    {
        _dataPacketsSinceSack++;
        if (_sackDue || _dataPacketsSinceSack >= 2 || _state == SctpAssociationState.ShutdownSent || _options.DelayedAckTimeout == TimeSpan.Zero)
        {
            _sackDue = true;
        }
        else if (!_delayedAck.IsRunning)
        {
            _delayedAck.Start(now, _options.DelayedAckTimeout);
        }
        if (_state == SctpAssociationState.ShutdownSent)
        {
            // §9.2: in SHUTDOWN-SENT, answer DATA with a SACK and the SHUTDOWN again.
            QueueShutdown(now);
        }
        PerformDeferredResets();
    }

    /// <summary>Writes a SACK with as many gap blocks as fit.</summary>
    private void WriteSack(ref SctpPacketWriter writer)
    {
        var duplicates = _received.Duplicates;
        var maxBlocks = SackChunk.MaxGapBlocks(writer.Remaining, duplicates.Length);
        if (maxBlocks < 0 || writer.Remaining < SackChunk.FixedSize + 4 * duplicates.Length)
        {
            return;
        }
        var blocks = _gapScratch.AsSpan(0, Math.Min(Math.Min(maxBlocks, _gapScratch.Length), _received.RangeCount));
        var written = _received.WriteGapBlocks(blocks);
        var sack = new SackChunk(_received.CumulativeTsn, AdvertisedReceiveWindow, blocks[..written], duplicates);
        if (writer.TryAppend(sack))
        {
            Counters.SacksSent++;
            _sackDue = false;
            _dataPacketsSinceSack = 0;
            _delayedAck.Stop();
            _received.ClearDuplicates();
        }
    }

    private readonly SackGapBlock[] _gapScratch = new SackGapBlock[512];

    /// <summary>Drops every incoming stream (closed or restarted).</summary>
    private void ReleaseIncomingStreams()
    {
        foreach (var stream in _incoming.Values)
        {
            stream.Clear();
        }
        _incoming.Clear();
        _receiveBuffered = 0;
    }
}
