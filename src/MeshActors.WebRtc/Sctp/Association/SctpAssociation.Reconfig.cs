namespace MeshActors.WebRtc.Sctp;

// Stream reset (RFC 6525): Outgoing SSN Reset Requests and Re-configuration Responses, both directions.
public sealed partial class SctpAssociation
{
    // Our side: streams waiting to be reset and the one request in flight (§5.1.1: one at a time).
    private readonly List<ushort> _resetPending = [];
    private readonly List<ushort> _requestStreams = [];
    private bool _requestInFlight;
    private bool _requestNeedsSending;
    private uint _requestSeq;
    private uint _requestLastTsn;
    private uint _nextReconfigRequestSeq;

    // The peer's side: the next request number expected, the last answer, and resets waiting for data.
    private uint _expectedPeerReconfigSeq;
    private SctpReconfigurationResult _lastPeerReconfigResult;
    private readonly List<DeferredReset> _deferredResets = [];
    private readonly Queue<ReconfigurationResponseParameter> _responses = new();
    private readonly List<ushort> _eventScratch = [];
    private bool _incomingResetPerformed;

    /// <summary>Incoming resets that may wait for their data at once; more are answered "request already in progress".</summary>
    private const int MaxDeferredResets = 16;

    /// <summary>Responses waiting to be sent at most; a flood of requests beyond that is not answered.</summary>
    private const int MaxQueuedResponses = 64;
    private uint _lastIncomingResetTsn;

    /// <summary>An incoming reset that waits until the cumulative TSN reaches the sender's last assigned TSN (§5.2.2).</summary>
    private sealed record DeferredReset(uint Seq, uint LastTsn, ushort[] Streams);

    /// <summary>
    /// Resets the outgoing side of streams (RFC 6525 §5.1.2), what a data channel's close() does. New
    /// messages on them are refused until <see cref="ISctpAssociationHandler.OnOutgoingStreamsReset"/>
    /// reports the reset done; messages already queued are sent first. The peer is told with
    /// <see cref="ISctpAssociationHandler.OnIncomingStreamsReset"/> and, in WebRTC, resets its side too.
    /// </summary>
    public SctpResetStatus ResetStreams(ReadOnlySpan<ushort> streamIds)
    {
        if (_state != SctpAssociationState.Established)
        {
            return SctpResetStatus.NotConnected;
        }
        if (!_reconfigEnabled)
        {
            return SctpResetStatus.NotSupported;
        }
        foreach (var id in streamIds)
        {
            if (id >= _outboundStreams)
            {
                return SctpResetStatus.InvalidStream;
            }
        }
        foreach (var id in streamIds)
        {
            var stream = _sendQueue.GetOrCreate(id);
            if (stream.ResetState == OutgoingResetState.None)
            {
                stream.ResetState = OutgoingResetState.Pending;
                _resetPending.Add(id);
            }
        }
        return SctpResetStatus.Ok;
    }

    /// <summary>Writes RE-CONFIG chunks: pending responses, and our request when one is due.</summary>
    private void WriteReconfig(ref SctpPacketWriter writer, TimeSpan now)
    {
        if (!_requestInFlight && _resetPending.Count > 0)
        {
            StartResetRequest(now);
        }
        var sendRequest = _requestInFlight && _requestNeedsSending;
        if (_responses.Count == 0 && !sendRequest)
        {
            return;
        }
        Span<byte> parameters = stackalloc byte[_mtu];
        while (_responses.Count > 0 || sendRequest)
        {
            var length = 0;
            if (sendRequest)
            {
                var request = new OutgoingSsnResetRequestParameter(_requestSeq, _expectedPeerReconfigSeq - 1, _requestLastTsn,
                    System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_requestStreams));
                length += request.Write(parameters);
            }
            if (_responses.Count > 0)
            {
                length += _responses.Peek().Write(parameters[length..]);
            }
            if (!writer.TryAppend(new ReConfigChunk(parameters[..length])))
            {
                return; // next packet
            }
            if (_responses.Count > 0)
            {
                _responses.Dequeue();
            }
            if (sendRequest)
            {
                sendRequest = false;
                _requestNeedsSending = false;
                if (!_reconfigTimer.IsRunning)
                {
                    _reconfigTimer.Start(now, T3Duration);
                }
            }
        }
    }

    /// <summary>Builds the next request from pending streams whose queued messages are all sent (§5.1.2).</summary>
    private void StartResetRequest(TimeSpan now)
    {
        var max = OutgoingSsnResetRequestParameter.MaxStreams(_mtu - SctpCommonHeader.Size - ChunkHeader.Size - ReconfigurationResponseParameter.LongSize);
        _requestStreams.Clear();
        for (var i = 0; i < _resetPending.Count && _requestStreams.Count < max; i++)
        {
            var id = _resetPending[i];
            if (_sendQueue.TryGet(id, out var stream) && !stream.IsIdle)
            {
                continue; // still sending what was queued before the reset
            }
            _requestStreams.Add(id);
            _resetPending.RemoveAt(i--);
            if (stream is not null)
            {
                stream.ResetState = OutgoingResetState.Requested;
            }
        }
        if (_requestStreams.Count == 0)
        {
            return;
        }
        _requestInFlight = true;
        _requestNeedsSending = true;
        _requestSeq = _nextReconfigRequestSeq++;
        _requestLastTsn = _rtxQueue.NextTsn - 1;
        _reconfigTimer.Start(now, T3Duration);
    }

    private void OnReConfig(in ReConfigChunk chunk, TimeSpan now)
    {
        if (_state is not (SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived or SctpAssociationState.ShutdownSent))
        {
            Counters.IgnoredChunks++;
            return;
        }
        var walker = new SctpParameterEnumerator(chunk.Parameters);
        while (walker.MoveNext(out var type, out var item) && !_terminated)
        {
            switch ((SctpParameterType)type)
            {
                case SctpParameterType.OutgoingSsnResetRequest:
                    if (OutgoingSsnResetRequestParameter.TryRead(item, out var request) == SctpCodecStatus.Ok)
                    {
                        OnOutgoingResetRequest(request);
                    }
                    else
                    {
                        Counters.MalformedPackets++;
                    }
                    break;
                case SctpParameterType.ReconfigurationResponse:
                    if (ReconfigurationResponseParameter.TryRead(item, out var response) == SctpCodecStatus.Ok)
                    {
                        OnReconfigResponse(response);
                    }
                    else
                    {
                        Counters.MalformedPackets++;
                    }
                    break;
                case SctpParameterType.IncomingSsnResetRequest or SctpParameterType.SsnTsnResetRequest
                    or SctpParameterType.AddOutgoingStreamsRequest or SctpParameterType.AddIncomingStreamsRequest:
                    // Not offered by this stack (nor by browsers): answer "denied" in sequence.
                    if (item.Length >= 8)
                    {
                        var seq = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(item[4..]);
                        if (IsNewRequest(seq))
                        {
                            Answer(seq, SctpReconfigurationResult.Denied);
                        }
                    }
                    break;
                default:
                    Counters.UnrecognizedChunks++;
                    break;
            }
        }
        if (walker.Status != SctpCodecStatus.Ok)
        {
            Counters.MalformedPackets++;
        }
    }

    private void OnOutgoingResetRequest(in OutgoingSsnResetRequestParameter request)
    {
        var seq = request.RequestSequenceNumber;
        if (!IsNewRequest(seq))
        {
            return;
        }
        var streams = new ushort[request.StreamCount];
        for (var i = 0; i < streams.Length; i++)
        {
            streams[i] = request.GetStream(i);
        }
        var reset = new DeferredReset(seq, request.SendersLastAssignedTsn, streams);
        if (reset.LastTsn - _received.CumulativeTsn is > ReceivedTsnTracker.MaxGap and < 0x8000_0000u)
        {
            Answer(seq, SctpReconfigurationResult.Denied); // names data further ahead than the peer could have sent
            return;
        }
        if (_deferredResets.Count >= MaxDeferredResets && SerialNumber.Gt(reset.LastTsn, _received.CumulativeTsn))
        {
            Answer(seq, SctpReconfigurationResult.ErrorRequestAlreadyInProgress);
            return;
        }
        if (SerialNumber.Le(reset.LastTsn, _received.CumulativeTsn))
        {
            Answer(seq, SctpReconfigurationResult.SuccessPerformed);
            ResetIncoming(reset.Streams, reset.LastTsn);
        }
        else
        {
            // §5.2.2: data before the reset is still missing; perform it once it has arrived.
            _deferredResets.Add(reset);
            Answer(seq, SctpReconfigurationResult.InProgress);
        }
    }

    /// <summary>
    /// RFC 6525 §5.2.1 sequence-number rules: true for the expected number (the caller then answers it);
    /// the previous number is a retransmission and gets the same answer again (updated once a deferred
    /// reset was performed); any other number is answered "bad sequence number".
    /// </summary>
    private bool IsNewRequest(uint seq)
    {
        if (seq == _expectedPeerReconfigSeq)
        {
            _expectedPeerReconfigSeq++;
            return true;
        }
        if (seq == _expectedPeerReconfigSeq - 1)
        {
            if (_lastPeerReconfigResult == SctpReconfigurationResult.InProgress && !HasDeferredReset(seq))
            {
                _lastPeerReconfigResult = SctpReconfigurationResult.SuccessPerformed;
            }
            QueueResponse(seq, _lastPeerReconfigResult);
            return false;
        }
        QueueResponse(seq, SctpReconfigurationResult.ErrorBadSequenceNumber);
        return false;
    }

    private void Answer(uint seq, SctpReconfigurationResult result)
    {
        _lastPeerReconfigResult = result;
        QueueResponse(seq, result);
    }

    private void QueueResponse(uint seq, SctpReconfigurationResult result)
    {
        if (_responses.Count < MaxQueuedResponses)
        {
            _responses.Enqueue(new ReconfigurationResponseParameter(seq, result));
        }
        else
        {
            Counters.IgnoredChunks++;
        }
    }

    private bool HasDeferredReset(uint seq)
    {
        foreach (var reset in _deferredResets)
        {
            if (reset.Seq == seq)
            {
                return true;
            }
        }
        return false;
    }

    private void OnReconfigResponse(in ReconfigurationResponseParameter response)
    {
        if (!_requestInFlight || response.ResponseSequenceNumber != _requestSeq)
        {
            Counters.IgnoredChunks++;
            return;
        }
        switch (response.Result)
        {
            case SctpReconfigurationResult.SuccessPerformed or SctpReconfigurationResult.SuccessNothingToDo:
                FinishRequest();
                foreach (var id in _eventScratch)
                {
                    _sendQueue.Remove(id); // starts again from SSN/MID 0 when used next
                }
                _handler.OnOutgoingStreamsReset(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_eventScratch));
                break;
            case SctpReconfigurationResult.InProgress:
                _requestNeedsSending = false; // ask again when the timer fires
                break;
            default:
                FinishRequest();
                foreach (var id in _eventScratch)
                {
                    if (_sendQueue.TryGet(id, out var stream))
                    {
                        stream.ResetState = OutgoingResetState.None;
                    }
                }
                _handler.OnStreamsResetFailed(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_eventScratch), response.Result);
                break;
        }
        _eventScratch.Clear();
    }

    /// <summary>Ends the request in flight; its streams move to <see cref="_eventScratch"/> for the event.</summary>
    private void FinishRequest()
    {
        _eventScratch.Clear();
        _eventScratch.AddRange(_requestStreams);
        _requestStreams.Clear();
        _requestInFlight = false;
        _requestNeedsSending = false;
        _reconfigTimer.Stop();
    }

    private void OnReconfigTimerExpired(TimeSpan now)
    {
        if (!_requestInFlight)
        {
            _reconfigTimer.Stop();
            return;
        }
        if (CountAssociationError())
        {
            return;
        }
        _requestNeedsSending = true;
        _reconfigTimer.Backoff(now, _options.MaxTimerBackoff);
    }

    /// <summary>True when DATA for <paramref name="streamId"/> with <paramref name="tsn"/> belongs after a reset still waiting.</summary>
    private bool IsHeldBackByDeferredReset(ushort streamId, uint tsn)
    {
        foreach (var reset in _deferredResets)
        {
            if (SerialNumber.Gt(tsn, reset.LastTsn) && (reset.Streams.Length == 0 || Array.IndexOf(reset.Streams, streamId) >= 0))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Performs the deferred resets whose last TSN the cumulative TSN has reached.</summary>
    private void PerformDeferredResets()
    {
        for (var i = 0; i < _deferredResets.Count && !_terminated; i++)
        {
            var reset = _deferredResets[i];
            if (SerialNumber.Le(reset.LastTsn, _received.CumulativeTsn))
            {
                _deferredResets.RemoveAt(i--);
                ResetIncoming(reset.Streams, reset.LastTsn);
            }
        }
    }

    /// <summary>Resets incoming streams: their state goes; the next message on them starts at SSN/MID 0.</summary>
    private void ResetIncoming(ushort[] streams, uint lastTsn)
    {
        if (!_incomingResetPerformed || SerialNumber.Gt(lastTsn, _lastIncomingResetTsn))
        {
            _lastIncomingResetTsn = lastTsn;
        }
        _incomingResetPerformed = true;
        var list = streams;
        if (list.Length == 0)
        {
            list = new ushort[_incoming.Count];
            _incoming.Keys.CopyTo(list, 0);
        }
        foreach (var id in list)
        {
            if (_incoming.Remove(id, out var stream))
            {
                _receiveBuffered -= stream.Bytes;
                stream.Clear();
            }
        }
        _handler.OnIncomingStreamsReset(list);
    }

    private void ClearReconfigState()
    {
        _resetPending.Clear();
        _requestStreams.Clear();
        _requestInFlight = false;
        _requestNeedsSending = false;
        _deferredResets.Clear();
        _responses.Clear();
        _reconfigTimer.Stop();
    }
}
