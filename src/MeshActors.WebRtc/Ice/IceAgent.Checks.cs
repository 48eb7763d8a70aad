using System.Net;
using MeshActors.WebRtc.Stun;

namespace MeshActors.WebRtc.Ice;

// The checklist: scheduling, pacing, retransmission and nomination (RFC 8445 §6.1.4, §7.2.4, §8.1).
public sealed partial class IceAgent
{
    /// <summary>Queues a triggered check (RFC 8445 §7.3.1.4); it goes before ordinary checks.</summary>
    private void Trigger(IceCandidatePair pair)
    {
        if (!pair.Triggered)
        {
            pair.Triggered = true;
            _triggered.Enqueue(pair);
            Changed();
        }
    }

    /// <summary>Stops retransmitting the pair's running check; a late answer is still accepted (RFC 8445 §7.2.5.4).</summary>
    private void CancelActiveCheck(IceCandidatePair pair)
    {
        if (pair.ActiveCheck is { } tx)
        {
            tx.Retransmitting = false;
            pair.ActiveCheck = null;
        }
    }

    /// <summary>One new check per Ta: triggered first, then the best ordinary one (RFC 8445 §6.1.4.2).</summary>
    private void SendPacedCheck()
    {
        if (_remotePassword is null || _now < _nextPacedCheck)
        {
            return;
        }
        IceCandidatePair? pair = null;
        while (_triggered.TryDequeue(out var next))
        {
            next.Triggered = false;
            if (next.State != IceCandidatePairState.Failed || next.NominationPending)
            {
                pair = next;
                break;
            }
        }
        pair ??= NextOrdinaryPair();
        if (pair is null)
        {
            return;
        }
        StartCheck(pair);
        _nextPacedCheck = _now + _options.Ta;
    }

    /// <summary>
    /// The highest-priority Waiting pair. When none waits, each foundation with nothing Waiting or
    /// In-Progress gets its best Frozen pair unfrozen (RFC 8445 §6.1.4.2).
    /// </summary>
    private IceCandidatePair? NextOrdinaryPair()
    {
        if (_checksStopped)
        {
            return null;
        }
        foreach (var pair in _checklist)
        {
            if (pair.State == IceCandidatePairState.Waiting)
            {
                return pair;
            }
        }
        IceCandidatePair? best = null;
        foreach (var pair in _checklist)
        {
            if (pair.State == IceCandidatePairState.Frozen && !FoundationBusy(pair.Foundation))
            {
                pair.State = IceCandidatePairState.Waiting;
                best ??= pair;
            }
        }
        return best;
    }

    private bool FoundationBusy(string foundation)
    {
        foreach (var pair in _checklist)
        {
            if (pair.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress &&
                string.Equals(pair.Foundation, foundation, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A pair succeeded: pairs with its foundation stop waiting for it (RFC 8445 §7.2.5.3.3).</summary>
    private void UnfreezeFoundation(string foundation)
    {
        foreach (var pair in _checklist)
        {
            if (pair.State == IceCandidatePairState.Frozen && string.Equals(pair.Foundation, foundation, StringComparison.Ordinal))
            {
                pair.State = IceCandidatePairState.Waiting;
            }
        }
        Changed();
    }

    /// <summary>Sends a new check on <paramref name="pair"/> (RFC 8445 §7.2.4).</summary>
    private void StartCheck(IceCandidatePair pair)
    {
        CancelActiveCheck(pair);
        var useCandidate = Role == IceRole.Controlling && pair.NominationPending;
        var tx = StartTransaction(IceTransactionKind.Check, pair.LocalSocket, pair.RemoteEndPoint, _options.MaxCheckAttempts);
        tx.Pair = pair;
        tx.UseCandidate = useCandidate;
        tx.SentControlling = Role == IceRole.Controlling;
        tx.Length = WriteCheck(tx.Request, tx.Id, pair, useCandidate);
        pair.ActiveCheck = tx;
        if (pair.State != IceCandidatePairState.Succeeded)
        {
            pair.State = IceCandidatePairState.InProgress;
        }
        Transmit(tx);
    }

    private int WriteCheck(Span<byte> buffer, TransactionId id, IceCandidatePair pair, bool useCandidate)
    {
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, id);
        w.AddUsername(_checkUsername);
        // PRIORITY carries the priority a peer-reflexive candidate for this base would have (RFC 8445 §7.1.1).
        var localPreference = (int)((pair.Local.Priority >> 8) & 0xFFFF);
        w.AddPriority(IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, localPreference, Component));
        if (Role == IceRole.Controlling)
        {
            w.AddIceControlling(TieBreaker);
        }
        else
        {
            w.AddIceControlled(TieBreaker);
        }
        if (useCandidate)
        {
            w.AddUseCandidate();
        }
        w.AddMessageIntegrity(_remotePassword);
        w.AddFingerprint();
        return w.Length;
    }

    private IceTransaction StartTransaction(IceTransactionKind kind, int socket, IPEndPoint remote, int maxAttempts)
    {
        var tx = _transactionPool.Count > 0 ? _transactionPool.Pop() : new IceTransaction();
        tx.Reset();
        tx.Id = TransactionId.NewRandom();
        tx.Kind = kind;
        tx.Socket = socket;
        tx.Remote = remote;
        tx.MaxAttempts = maxAttempts;
        tx.Attempts = 0;
        tx.Rto = _options.InitialRto;
        tx.FirstSent = _now;
        tx.Retransmitting = true;
        _transactions.Add(tx);
        _transactionsById[tx.Id] = tx;
        Changed();
        return tx;
    }

    private void Transmit(IceTransaction tx)
    {
        tx.Attempts++;
        tx.NextRetransmit = _now + tx.Rto;
        RequestsSent++;
        _transmits.Enqueue(tx.Request.AsSpan(0, tx.Length), tx.Socket, tx.Remote!);
    }

    private void RemoveTransaction(IceTransaction tx)
    {
        _transactionsById.Remove(tx.Id);
        var index = _transactions.IndexOf(tx);
        if (index >= 0)
        {
            _transactions[index] = _transactions[^1];
            _transactions.RemoveAt(_transactions.Count - 1);
        }
        ReturnTransaction(tx);
    }

    private void ReturnTransaction(IceTransaction tx)
    {
        tx.Reset();
        _transactionPool.Push(tx);
    }

    /// <summary>Retransmits due requests (RTO doubling up to MaxRto, RFC 8445 §14.3) and expires finished ones.</summary>
    private void RunTransactions()
    {
        for (var i = _transactions.Count - 1; i >= 0; i--)
        {
            if (i >= _transactions.Count)
            {
                continue;
            }
            var tx = _transactions[i];
            if (_now < tx.NextRetransmit)
            {
                continue;
            }
            if (tx.Retransmitting && tx.Attempts < tx.MaxAttempts)
            {
                var doubled = tx.Rto + tx.Rto;
                tx.Rto = doubled > _options.MaxRto ? _options.MaxRto : doubled;
                Transmit(tx);
                continue;
            }
            var kind = tx.Kind;
            var pair = tx.Pair;
            var timedOutActive = tx.Retransmitting;
            RemoveTransaction(tx);
            Changed();
            switch (kind)
            {
                case IceTransactionKind.Check when timedOutActive && pair is not null:
                    // No answer after every retransmission: the pair failed (RFC 8445 §7.2.5.2.2).
                    if (ReferenceEquals(pair.ActiveCheck, tx) || pair.ActiveCheck is null)
                    {
                        pair.ActiveCheck = null;
                        FailPair(pair);
                    }
                    break;
                case IceTransactionKind.Gather:
                    _pendingGathers--;
                    CheckGatheringComplete();
                    break;
            }
        }
    }

    /// <summary>
    /// Regular nomination by the controlling agent (RFC 8445 §8.1.1): once the best valid pair is not
    /// beaten by a pair still being checked, or <see cref="IceAgentOptions.NominationDelay"/> after the
    /// first valid pair, send a check with USE-CANDIDATE on it.
    /// </summary>
    private void TryNominate()
    {
        if (Role != IceRole.Controlling || _remotePassword is null || _checksStopped || _state is IceConnectionState.Failed)
        {
            return;
        }
        IceCandidatePair? best = null;
        foreach (var pair in _checklist)
        {
            if (pair.NominationPending || pair.Nominated)
            {
                return;
            }
            if (best is null && pair.State == IceCandidatePairState.Succeeded)
            {
                best = pair;
            }
        }
        if (best is null)
        {
            return;
        }
        var higherPending = false;
        foreach (var pair in _checklist)
        {
            if (ReferenceEquals(pair, best))
            {
                break;
            }
            if (pair.State is IceCandidatePairState.Frozen or IceCandidatePairState.Waiting or IceCandidatePairState.InProgress)
            {
                higherPending = true;
                break;
            }
        }
        if (higherPending && _now < (_firstValidAt ?? _now) + _options.NominationDelay)
        {
            return;
        }
        best.NominationPending = true;
        Trigger(best);
    }

    /// <summary>The pair is nominated: select it and stop ordinary checks (RFC 8445 §8.1.2, §8.2).</summary>
    private void Nominate(IceCandidatePair pair)
    {
        pair.Nominated = true;
        pair.NominateOnSuccess = false;
        _checksStopped = true;
        // Lower-priority checks still running stop retransmitting (RFC 8445 §8.1.2).
        foreach (var other in _checklist)
        {
            if (other.Priority < pair.Priority && other.State == IceCandidatePairState.InProgress)
            {
                CancelActiveCheck(other);
            }
        }
        Changed();
        UpdateSelectedPair();
    }

    /// <summary>The selected pair: the best nominated valid pair, else the best valid pair.</summary>
    private void UpdateSelectedPair()
    {
        IceCandidatePair? best = null;
        foreach (var pair in _checklist)
        {
            if (pair.State == IceCandidatePairState.Succeeded && pair.Nominated)
            {
                best = pair;
                break;
            }
        }
        if (best is null)
        {
            foreach (var pair in _checklist)
            {
                if (pair.State == IceCandidatePairState.Succeeded)
                {
                    best = pair;
                    break;
                }
            }
        }
        if (ReferenceEquals(best, _selected))
        {
            return;
        }
        _selected = best;
        if (best is not null)
        {
            _nextConsent = _now + ConsentInterval();
        }
        Changed();
        Raise(EventKind.SelectedPair, best);
    }

    private void SwitchRole(IceRole role)
    {
        if (Role == role)
        {
            return;
        }
        Role = role;
        foreach (var pair in _checklist)
        {
            pair.NominationPending = false;
        }
        RecomputePriorities();
        Changed();
        Raise(EventKind.Role, null, (int)role);
    }
}
