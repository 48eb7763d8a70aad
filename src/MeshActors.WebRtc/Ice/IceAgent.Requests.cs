using System.Net;
using MeshActors.WebRtc.Stun;
using MeshActors.WebRtc.Stun.Attributes;

namespace MeshActors.WebRtc.Ice;

// Answering connectivity checks (RFC 8445 §7.3).
public sealed partial class IceAgent
{
    private void HandleRequest(in StunMessage request, StunReadStatus status, int localSocket, IPEndPoint remote)
    {
        if (request.Method != StunMethod.Binding)
        {
            MalformedDropped++;
            return;
        }
        // RFC 8489 §9.1.3: short-term credentials need both USERNAME and MESSAGE-INTEGRITY.
        if (!request.HasUsername || !request.HasMessageIntegrity)
        {
            MalformedDropped++;
            SendError(request, localSocket, remote, ErrorCodeAttribute.BadRequest, "Bad Request", withIntegrity: false);
            return;
        }
        // USERNAME is "<our ufrag>:<their ufrag>" (RFC 8445 §7.3); only our part is checked.
        var username = request.Username;
        if (username.Length <= _localUfrag.Length || username[_localUfrag.Length] != (byte)':' || !username.StartsWith(_localUfrag))
        {
            UnknownUsername++;
            SendError(request, localSocket, remote, ErrorCodeAttribute.Unauthenticated, "Unauthenticated", withIntegrity: false);
            return;
        }
        if (request.VerifyMessageIntegrity(_localPassword) != StunReadStatus.Ok)
        {
            IntegrityFailures++;
            SendError(request, localSocket, remote, ErrorCodeAttribute.Unauthenticated, "Unauthenticated", withIntegrity: false);
            return;
        }
        if (status == StunReadStatus.UnknownRequiredAttributes)
        {
            SendUnknownAttributes(request, localSocket, remote);
            return;
        }
        if (!ResolveRoleConflict(request, localSocket, remote))
        {
            return;
        }

        RequestsReceived++;
        SendSuccess(request.TransactionId, localSocket, remote);

        var pair = FindPair(localSocket, remote) ?? LearnPeerReflexive(request, localSocket, remote);
        if (pair is null)
        {
            return;
        }
        pair.RequestsReceived++;
        if (!pair.RemoteAuthenticated)
        {
            pair.RemoteAuthenticated = true;
            Raise(EventKind.RemoteValidated, pair);
        }

        // Triggered check (RFC 8445 §7.3.1.4).
        switch (pair.State)
        {
            case IceCandidatePairState.Succeeded:
                break;
            case IceCandidatePairState.InProgress:
                // Cancel the running transaction and check again right away.
                CancelActiveCheck(pair);
                pair.State = IceCandidatePairState.Waiting;
                Trigger(pair);
                break;
            default:
                pair.State = IceCandidatePairState.Waiting;
                Trigger(pair);
                break;
        }

        // Nomination by the controlling peer (RFC 8445 §7.3.1.5).
        if (request.UseCandidate && Role == IceRole.Controlled && !pair.Nominated)
        {
            if (pair.State == IceCandidatePairState.Succeeded)
            {
                Nominate(pair);
            }
            else
            {
                pair.NominateOnSuccess = true;
            }
        }
    }

    /// <summary>
    /// RFC 8445 §7.3.1.1. Returns false when the request was answered with 487 and must not be processed further.
    /// </summary>
    private bool ResolveRoleConflict(in StunMessage request, int localSocket, IPEndPoint remote)
    {
        if (Role == IceRole.Controlling && request.HasIceControlling)
        {
            RoleConflicts++;
            if (TieBreaker >= request.IceControlling)
            {
                SendError(request, localSocket, remote, ErrorCodeAttribute.RoleConflict, "Role Conflict", withIntegrity: true);
                return false;
            }
            SwitchRole(IceRole.Controlled);
        }
        else if (Role == IceRole.Controlled && request.HasIceControlled)
        {
            RoleConflicts++;
            if (TieBreaker >= request.IceControlled)
            {
                SwitchRole(IceRole.Controlling);
            }
            else
            {
                SendError(request, localSocket, remote, ErrorCodeAttribute.RoleConflict, "Role Conflict", withIntegrity: true);
                return false;
            }
        }
        return true;
    }

    /// <summary>A check from an address no candidate names: a peer-reflexive remote candidate (RFC 8445 §7.3.1.3).</summary>
    private IceCandidatePair? LearnPeerReflexive(in StunMessage request, int localSocket, IPEndPoint remote)
    {
        var local = FindHostForSocket(localSocket, remote.AddressFamily);
        if (local is null)
        {
            return null;
        }
        var entry = FindRemote(remote);
        if (entry is null)
        {
            if (_remote.Count >= _options.MaxRemoteCandidates)
            {
                RemoteCandidatesIgnored++;
                return null;
            }
            var priority = request.HasPriority
                ? request.Priority
                : IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 0, Component);
            _peerReflexiveCount++;
            var candidate = IceCandidate.Create(IceCandidateType.PeerReflexive, remote, priority,
                "prflx" + _peerReflexiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            entry = new RemoteEntry(candidate, remote);
            _remote.Add(entry);
            Raise(EventKind.RemotePeerReflexive, candidate);
        }
        var pair = TryAddPair(local, entry);
        if (pair is not null)
        {
            SortChecklist();
            Changed();
            UpdateState();
        }
        return pair;
    }

    private void SendSuccess(TransactionId id, int localSocket, IPEndPoint remote)
    {
        var buffer = _transmits.Reserve();
        if (buffer.IsEmpty)
        {
            return;
        }
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.SuccessResponse, id);
        w.AddXorMappedAddress(remote);
        w.AddMessageIntegrity(_localPassword);
        w.AddFingerprint();
        _transmits.Commit(w.Length, localSocket, remote);
    }

    private void SendError(in StunMessage request, int localSocket, IPEndPoint remote, int code, string reason, bool withIntegrity)
    {
        var buffer = _transmits.Reserve();
        if (buffer.IsEmpty)
        {
            return;
        }
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.ErrorResponse, request.TransactionId);
        w.AddErrorCode(code, reason);
        if (withIntegrity)
        {
            w.AddMessageIntegrity(_localPassword);
        }
        w.AddFingerprint();
        _transmits.Commit(w.Length, localSocket, remote);
    }

    private void SendUnknownAttributes(in StunMessage request, int localSocket, IPEndPoint remote)
    {
        var buffer = _transmits.Reserve();
        if (buffer.IsEmpty)
        {
            return;
        }
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.ErrorResponse, request.TransactionId);
        w.AddErrorCode(ErrorCodeAttribute.UnknownAttribute, "Unknown Attribute");
        w.AddUnknownAttributes(request.GetUnknownRequiredAttributes());
        w.AddMessageIntegrity(_localPassword);
        w.AddFingerprint();
        _transmits.Commit(w.Length, localSocket, remote);
    }
}
