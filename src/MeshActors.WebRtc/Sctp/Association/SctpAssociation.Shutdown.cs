namespace MeshActors.WebRtc.Sctp;

// Graceful SHUTDOWN (RFC 9260 §9.2), ABORT (§9.1) and the end of an association.
public sealed partial class SctpAssociation
{
    /// <summary>
    /// Closes gracefully (RFC 9260 §9.2): no new messages are accepted, queued and outstanding data is
    /// delivered, then SHUTDOWN / SHUTDOWN ACK / SHUTDOWN COMPLETE. Ends with
    /// <see cref="ISctpAssociationHandler.OnClosed"/> (<see cref="SctpCloseReason.ShutdownComplete"/>).
    /// Before the association is established it aborts instead.
    /// </summary>
    public void Shutdown(TimeSpan now)
    {
        try
        {
            switch (_state)
            {
                case SctpAssociationState.Established:
                    _state = SctpAssociationState.ShutdownPending;
                    CheckShutdownProgress(now);
                    break;
                case SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed:
                    QueueAbort(SctpErrorCauseCode.UserInitiatedAbort, "Shut down before the association was established.");
                    Terminate(new SctpCloseInfo(SctpCloseReason.AbortedLocally, SctpErrorCauseCode.UserInitiatedAbort, "Shut down before the association was established."));
                    break;
            }
        }
        catch (Exception ex)
        {
            FailInternal(ex);
        }
    }

    /// <summary>
    /// Aborts at once (RFC 9260 §9.1): an ABORT with a User-Initiated Abort cause carrying
    /// <paramref name="reason"/> goes to the peer, everything queued is dropped, and
    /// <see cref="ISctpAssociationHandler.OnClosed"/> reports <see cref="SctpCloseReason.AbortedLocally"/>.
    /// </summary>
    public void Abort(string? reason)
    {
        if (_terminated || (_state == SctpAssociationState.Closed && !_started))
        {
            return;
        }
        try
        {
            QueueAbort(SctpErrorCauseCode.UserInitiatedAbort, reason);
            Terminate(new SctpCloseInfo(SctpCloseReason.AbortedLocally, SctpErrorCauseCode.UserInitiatedAbort, reason ?? ""));
        }
        catch (Exception ex)
        {
            FailInternal(ex); // the handler threw from OnClosed
        }
    }

    /// <summary>Aborts because of the peer or a limit, with a text cause.</summary>
    private void AbortWithCause(SctpCloseReason reason, SctpErrorCauseCode code, string text)
    {
        if (_terminated)
        {
            return;
        }
        QueueAbort(code, text);
        Terminate(new SctpCloseInfo(reason, code, text));
    }

    /// <summary>Aborts with an already encoded cause.</summary>
    private void AbortWithRawCause(SctpCloseReason reason, SctpErrorCauseCode code, ReadOnlySpan<byte> cause, string text)
    {
        if (_terminated)
        {
            return;
        }
        if (_peerTag != 0)
        {
            QueueControlChunk(_peerTag, new AbortChunk(false, cause));
        }
        Terminate(new SctpCloseInfo(reason, code, text));
    }

    private void QueueAbort(SctpErrorCauseCode code, string? text)
    {
        if (_peerTag == 0)
        {
            return; // no tag to address the peer with yet (COOKIE-WAIT)
        }
        Span<byte> cause = stackalloc byte[Math.Min(256, _mtu - SctpCommonHeader.Size - ChunkHeader.Size)];
        var length = ErrorCause.WriteText(cause, code, text);
        QueueControlChunk(_peerTag, new AbortChunk(false, cause[..length]));
    }

    private void OnAbort(in AbortChunk abort)
    {
        if (_terminated || !_started)
        {
            Counters.IgnoredChunks++; // §8.4 2: an out-of-the-blue ABORT is ignored
            return;
        }
        var code = SctpErrorCauseCode.None;
        var text = "";
        if (ErrorCause.TryRead(abort.Causes, out var cause) == SctpCodecStatus.Ok)
        {
            code = cause.Code;
            text = code is SctpErrorCauseCode.UserInitiatedAbort or SctpErrorCauseCode.ProtocolViolation ? cause.GetText() : code.ToString();
        }
        Terminate(new SctpCloseInfo(SctpCloseReason.AbortedByPeer, code, text));
    }

    /// <summary>Moves the shutdown on once everything we sent is acknowledged.</summary>
    private void CheckShutdownProgress(TimeSpan now)
    {
        if (_rtxQueue.Count != 0 || _sendQueue.HasQueuedMessages)
        {
            return;
        }
        if (_state == SctpAssociationState.ShutdownPending)
        {
            _state = SctpAssociationState.ShutdownSent;
            QueueShutdown(now);
            _t5.Start(now, _options.RtoMax * 5); // T5-shutdown-guard: 5 x RTO.Max (§9.2)
        }
        else if (_state == SctpAssociationState.ShutdownReceived)
        {
            _state = SctpAssociationState.ShutdownAckSent;
            QueueControlChunk(_peerTag, new ShutdownAckChunk());
            _t2.Start(now, T3Duration);
            _t5.Start(now, _options.RtoMax * 5);
        }
    }

    private void QueueShutdown(TimeSpan now)
    {
        _sackDue = false;
        QueueControlChunk(_peerTag, new ShutdownChunk(_received.CumulativeTsn));
        _t2.Start(now, T3Duration);
    }

    private void OnShutdown(in ShutdownChunk shutdown, TimeSpan now)
    {
        switch (_state)
        {
            case SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived:
                // Its cumulative TSN ack acknowledges like a SACK without gaps (§9.2).
                ProcessAcknowledgement(shutdown.CumulativeTsnAck, (uint)Math.Min(uint.MaxValue, _peerRwnd + _flightSize), default, now);
                if (_terminated)
                {
                    return;
                }
                _state = SctpAssociationState.ShutdownReceived;
                CheckShutdownProgress(now);
                break;
            case SctpAssociationState.ShutdownSent:
                // Both sides shut down at once.
                _state = SctpAssociationState.ShutdownAckSent;
                QueueControlChunk(_peerTag, new ShutdownAckChunk());
                _t2.Start(now, T3Duration);
                break;
            default:
                Counters.IgnoredChunks++;
                break;
        }
    }

    private void OnShutdownAck(uint packetTag, TimeSpan now)
    {
        if (!_started || _terminated)
        {
            // §8.4 5: no association: SHUTDOWN COMPLETE with the T bit and the tag reflected.
            QueueControlChunk(packetTag, new ShutdownCompleteChunk(true));
            return;
        }
        if (_state is SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent)
        {
            QueueControlChunk(_peerTag, new ShutdownCompleteChunk(false));
            Terminate(new SctpCloseInfo(SctpCloseReason.ShutdownComplete, SctpErrorCauseCode.None, "Shutdown complete."));
            return;
        }
        Counters.IgnoredChunks++;
    }

    private void OnShutdownComplete()
    {
        if (_state == SctpAssociationState.ShutdownAckSent && !_terminated)
        {
            Terminate(new SctpCloseInfo(SctpCloseReason.ShutdownComplete, SctpErrorCauseCode.None, "Shutdown complete."));
            return;
        }
        Counters.IgnoredChunks++;
    }

    private void OnT2Expired(TimeSpan now)
    {
        if (CountAssociationError())
        {
            return;
        }
        _t2.Backoff(now, _options.MaxTimerBackoff);
        if (_state == SctpAssociationState.ShutdownSent)
        {
            QueueControlChunk(_peerTag, new ShutdownChunk(_received.CumulativeTsn));
        }
        else if (_state == SctpAssociationState.ShutdownAckSent)
        {
            QueueControlChunk(_peerTag, new ShutdownAckChunk());
        }
        else
        {
            _t2.Stop();
        }
    }

    private void OnT5Expired()
    {
        AbortWithCause(SctpCloseReason.RetransmissionLimit, SctpErrorCauseCode.ProtocolViolation, "Shutdown did not complete in time");
    }

    /// <summary>The end: timers stop, every buffer goes back to its pool, the handler hears why. Queued control packets (an ABORT, a SHUTDOWN COMPLETE) still go out.</summary>
    private void Terminate(SctpCloseInfo info)
    {
        if (_terminated)
        {
            return;
        }
        _terminated = true;
        _started = true;
        _state = SctpAssociationState.Closed;
        StopAllTimers();
        ReleaseAllStreams();
        _handler.OnClosed(info);
    }

    private void StopAllTimers()
    {
        _t1.Stop();
        _t2.Stop();
        _t3.Stop();
        _t5.Stop();
        _delayedAck.Stop();
        _heartbeat.Stop();
        _reconfigTimer.Stop();
    }

    /// <summary>Drops all send and receive state, returning rented buffers.</summary>
    private void ReleaseAllStreams()
    {
        while (_rtxQueue.Count > 0)
        {
            ReleaseChunk(ref _rtxQueue[_rtxQueue.FirstTsn]);
            _rtxQueue.RemoveFirst();
        }
        _sendQueue.Clear();
        ReleaseIncomingStreams();
        ClearReconfigState();
        _flightSize = 0;
        _toRetransmitCount = 0;
        _partialMessageBytes = 0;
        _lowBufferedStreams.Clear();
        _cookieToEcho = null;
    }

    /// <summary>An exception escaped (a bug or a handler that threw): count it and abort cleanly.</summary>
    private void FailInternal(Exception ex)
    {
        Counters.InternalErrors++;
        LastInternalError = ex;
        if (!_terminated)
        {
            try
            {
                AbortWithCause(SctpCloseReason.InternalError, SctpErrorCauseCode.ProtocolViolation, "Internal error: " + ex.GetType().Name);
            }
            catch (Exception)
            {
                // The handler threw again from OnClosed; the association is closed regardless.
                _terminated = true;
                _state = SctpAssociationState.Closed;
            }
        }
    }

    /// <summary>The exception behind the last <see cref="SctpCloseReason.InternalError"/>, for diagnostics.</summary>
    public Exception? LastInternalError { get; private set; }
}
