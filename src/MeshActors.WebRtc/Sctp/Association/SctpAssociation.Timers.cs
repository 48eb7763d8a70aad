namespace MeshActors.WebRtc.Sctp;

// Timers and the checks that run after every input.
public sealed partial class SctpAssociation
{
    /// <summary>Runs the timers that are due at <paramref name="now"/> (see <see cref="NextDeadline"/>).</summary>
    public void HandleTimeout(TimeSpan now)
    {
        try
        {
            if (_t1.IsDue(now))
            {
                OnT1Expired(now);
            }
            if (_t3.IsDue(now) && !_terminated)
            {
                OnT3Expired(now);
            }
            if (_delayedAck.IsDue(now))
            {
                _delayedAck.Stop();
                _sackDue = true;
            }
            if (_heartbeat.IsDue(now) && !_terminated)
            {
                OnHeartbeatTimerExpired(now);
            }
            if (_reconfigTimer.IsDue(now) && !_terminated)
            {
                OnReconfigTimerExpired(now);
            }
            if (_t2.IsDue(now) && !_terminated)
            {
                OnT2Expired(now);
            }
            if (_t5.IsDue(now) && !_terminated)
            {
                OnT5Expired();
            }
            if (!_terminated)
            {
                AfterStateChanges(now);
            }
        }
        catch (Exception ex)
        {
            FailInternal(ex);
        }
    }

    /// <summary>Checks that depend on what just changed: shutdown progress.</summary>
    private void AfterStateChanges(TimeSpan now)
    {
        if (_state is SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived)
        {
            CheckShutdownProgress(now);
        }
    }

    /// <summary>Reports an ERROR chunk's causes; a Stale Cookie restarts the handshake (§5.2.6).</summary>
    private void OnError(in ErrorChunk error, TimeSpan now)
    {
        var walker = new SctpParameterEnumerator(error.Causes);
        while (walker.MoveNext(out var code, out var item))
        {
            switch ((SctpErrorCauseCode)code)
            {
                case SctpErrorCauseCode.StaleCookie when _state == SctpAssociationState.CookieEchoed:
                    _state = SctpAssociationState.CookieWait;
                    _peerTag = 0;
                    _cookieToEcho = null;
                    QueueInit();
                    _t1.Start(now, _options.InitTimeout);
                    return;
                case SctpErrorCauseCode.UnrecognizedChunkType when item.Length > 4 && item[4] == (byte)SctpChunkType.ReConfig:
                    // The peer cannot reset streams after all: fail what was asked.
                    _reconfigEnabled = false;
                    if (_requestInFlight)
                    {
                        FinishRequest();
                        _handler.OnStreamsResetFailed(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_eventScratch), SctpReconfigurationResult.Denied);
                        _eventScratch.Clear();
                    }
                    break;
                default:
                    Counters.IgnoredChunks++;
                    break;
            }
        }
    }
}
