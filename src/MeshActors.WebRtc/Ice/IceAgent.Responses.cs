using System.Net;
using MeshActors.WebRtc.Stun;
using MeshActors.WebRtc.Stun.Attributes;

namespace MeshActors.WebRtc.Ice;

// Processing answers to this agent's requests (RFC 8445 §7.2.5, RFC 7675 §5.1).
public sealed partial class IceAgent
{
    private void HandleResponse(in StunMessage response, int localSocket, IPEndPoint remote)
    {
        if (response.Method != StunMethod.Binding || !_transactionsById.TryGetValue(response.TransactionId, out var tx))
        {
            UnmatchedResponses++;
            return;
        }
        if (tx.Kind == IceTransactionKind.Gather)
        {
            HandleGatherResponse(response, tx, localSocket, remote);
            return;
        }
        // Responses are signed with the peer's password (RFC 8445 §7.2.5.1); unsigned errors are ignored
        // and the transaction keeps retransmitting.
        if (response.VerifyMessageIntegrity(_remotePassword) != StunReadStatus.Ok)
        {
            IntegrityFailures++;
            return;
        }
        var pair = tx.Pair!;
        var isActiveCheck = ReferenceEquals(pair.ActiveCheck, tx);
        var useCandidate = tx.UseCandidate;
        var sentControlling = tx.SentControlling;
        var rtt = _now - tx.FirstSent;
        var retransmitted = tx.Attempts > 1;
        var kind = tx.Kind;
        RemoveTransaction(tx);
        if (isActiveCheck)
        {
            pair.ActiveCheck = null;
        }
        Changed();

        // Non-symmetric answers fail the pair (RFC 8445 §7.2.5.2.1).
        if (localSocket != pair.LocalSocket || !remote.Equals(pair.RemoteEndPoint))
        {
            if (kind == IceTransactionKind.Check)
            {
                FailPair(pair);
            }
            return;
        }

        if (response.Class == StunClass.ErrorResponse)
        {
            if (response.TryGetErrorCode(out var error) && error.Code == ErrorCodeAttribute.RoleConflict)
            {
                // RFC 8445 §7.2.5.1: switch unless already switched, then check the pair again.
                RoleConflicts++;
                if (sentControlling == (Role == IceRole.Controlling))
                {
                    SwitchRole(sentControlling ? IceRole.Controlled : IceRole.Controlling);
                }
                if (kind == IceTransactionKind.Check && pair.State != IceCandidatePairState.Succeeded)
                {
                    pair.State = IceCandidatePairState.Waiting;
                }
                Trigger(pair);
            }
            else if (kind == IceTransactionKind.Check)
            {
                FailPair(pair);
            }
            return;
        }

        // Success: the pair is valid (RFC 8445 §7.2.5.3) and has consent (RFC 7675 §5.1).
        pair.LastResponse = _now;
        pair.ResponsesReceived++;
        if (!retransmitted)
        {
            // RTT from unretransmitted requests only (Karn's rule): an answer to a retransmission is ambiguous.
            pair.RoundTripTime = rtt;
        }
        if (!pair.RemoteAuthenticated)
        {
            pair.RemoteAuthenticated = true;
            Raise(EventKind.RemoteValidated, pair);
        }
        if (pair.State != IceCandidatePairState.Succeeded)
        {
            pair.State = IceCandidatePairState.Succeeded;
            _firstValidAt ??= _now;
            UnfreezeFoundation(pair.Foundation);
        }
        if (kind == IceTransactionKind.Check)
        {
            if (useCandidate && sentControlling && Role == IceRole.Controlling)
            {
                pair.NominationPending = false;
                Nominate(pair);
            }
            else if (pair.NominateOnSuccess && Role == IceRole.Controlled)
            {
                Nominate(pair);
            }
        }
        UpdateSelectedPair();
        UpdateState();
    }

    private void FailPair(IceCandidatePair pair)
    {
        CancelActiveCheck(pair);
        pair.State = IceCandidatePairState.Failed;
        pair.NominationPending = false;
        pair.Nominated = false;
        Changed();
        UpdateSelectedPair();
        UpdateState();
    }
}
