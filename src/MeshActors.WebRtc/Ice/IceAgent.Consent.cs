namespace MeshActors.WebRtc.Ice;

// Consent freshness on the selected pair (RFC 7675) and the connection state it drives.
public sealed partial class IceAgent
{
    /// <summary>
    /// Every consent interval (randomized, RFC 7675 §5.1) a Binding request goes out on the selected
    /// pair; it is retransmitted on the usual RTO until the next one replaces it. Any authenticated
    /// success response refreshes consent.
    /// </summary>
    private void RunConsent()
    {
        var pair = _selected;
        if (pair is null || _remotePassword is null || _state is IceConnectionState.Failed || _now < _nextConsent)
        {
            return;
        }
        // Each consent request is a new transaction (RFC 7675 §5.1); the previous one stops retransmitting.
        foreach (var old in _transactions)
        {
            if (old.Kind == IceTransactionKind.Consent)
            {
                old.Retransmitting = false;
            }
        }
        var tx = StartTransaction(IceTransactionKind.Consent, pair.LocalSocket, pair.RemoteEndPoint, _options.MaxCheckAttempts);
        tx.Pair = pair;
        tx.SentControlling = Role == IceRole.Controlling;
        tx.Length = WriteCheck(tx.Request, tx.Id, pair, useCandidate: false);
        Transmit(tx);
        _nextConsent = _now + ConsentInterval();
    }

    /// <summary>The consent interval, uniformly randomized within ± <see cref="IceAgentOptions.ConsentJitter"/>.</summary>
    private TimeSpan ConsentInterval()
    {
        var factor = 1 + _options.ConsentJitter * (2 * _random.NextDouble() - 1);
        return TimeSpan.FromTicks((long)(_options.ConsentInterval.Ticks * factor));
    }

    /// <summary>Derives the connection state from the checklist, the selected pair and its consent.</summary>
    private void UpdateState()
    {
        if (_state is IceConnectionState.Closed or IceConnectionState.Failed)
        {
            return;
        }
        IceConnectionState next;
        if (_selected is { } pair)
        {
            var silent = _now - pair.LastResponse;
            if (silent >= _options.ConsentTimeout)
            {
                next = IceConnectionState.Failed;
            }
            else if (silent >= _options.DisconnectedTimeout)
            {
                next = IceConnectionState.Disconnected;
            }
            else if (pair.Nominated && _remoteEndOfCandidates && _gatheringState == IceGatheringState.Complete)
            {
                next = IceConnectionState.Completed;
            }
            else
            {
                next = IceConnectionState.Connected;
            }
        }
        else if (_remotePassword is null)
        {
            next = IceConnectionState.New;
        }
        else if (_remoteEndOfCandidates && _gatheringState == IceGatheringState.Complete && AllPairsFailed())
        {
            next = IceConnectionState.Failed;
        }
        else
        {
            next = IceConnectionState.Checking;
        }
        if (next == IceConnectionState.Failed)
        {
            // Consent lost or nothing left to try: stop checking; requests are still answered.
            foreach (var tx in _transactions)
            {
                if (tx.Kind != IceTransactionKind.Gather)
                {
                    tx.Retransmitting = false;
                }
            }
            _triggered.Clear();
            _checksStopped = true;
        }
        SetState(next);
    }

    private bool AllPairsFailed()
    {
        if (_checklist.Count == 0 || _triggered.Count > 0)
        {
            return false;
        }
        foreach (var pair in _checklist)
        {
            if (pair.State != IceCandidatePairState.Failed)
            {
                return false;
            }
        }
        return true;
    }

    private void SetState(IceConnectionState state)
    {
        if (_state == state)
        {
            return;
        }
        _state = state;
        Changed();
        Raise(EventKind.State, null, (int)state);
    }

    private TimeSpan ComputeNextDeadline()
    {
        if (_state == IceConnectionState.Closed)
        {
            return TimeSpan.MaxValue;
        }
        var deadline = TimeSpan.MaxValue;
        foreach (var tx in _transactions)
        {
            if (tx.NextRetransmit < deadline)
            {
                deadline = tx.NextRetransmit;
            }
        }
        if (_remotePassword is not null && _state != IceConnectionState.Failed)
        {
            if (HasPacedWork() && _nextPacedCheck < deadline)
            {
                deadline = _nextPacedCheck;
            }
            if (Role == IceRole.Controlling && !_checksStopped && _firstValidAt is { } first)
            {
                var nominateAt = first + _options.NominationDelay;
                if (nominateAt > _now && nominateAt < deadline)
                {
                    deadline = nominateAt;
                }
            }
            if (_selected is { } pair)
            {
                deadline = Min(deadline, _nextConsent);
                if (_state != IceConnectionState.Disconnected)
                {
                    deadline = Min(deadline, pair.LastResponse + _options.DisconnectedTimeout);
                }
                deadline = Min(deadline, pair.LastResponse + _options.ConsentTimeout);
            }
        }
        return deadline;
    }

    private bool HasPacedWork()
    {
        if (_triggered.Count > 0)
        {
            return true;
        }
        if (_checksStopped)
        {
            return false;
        }
        foreach (var pair in _checklist)
        {
            // A Frozen pair counts only when NextOrdinaryPair could unfreeze it.
            if (pair.State == IceCandidatePairState.Waiting ||
                (pair.State == IceCandidatePairState.Frozen && !FoundationBusy(pair.Foundation)))
            {
                return true;
            }
        }
        return false;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
