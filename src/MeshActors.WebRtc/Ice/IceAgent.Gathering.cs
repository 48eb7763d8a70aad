using System.Net;
using MeshActors.WebRtc.Stun;

namespace MeshActors.WebRtc.Ice;

// Server-reflexive gathering (RFC 8445 §5.1.1.2): Binding requests from a host socket to a STUN server.
public sealed partial class IceAgent
{
    private int _pendingGathers;

    /// <summary>
    /// Sends a Binding request from socket <paramref name="localSocket"/> (whose host candidate must
    /// already be added) to <paramref name="stunServer"/>; the answer adds a server-reflexive candidate
    /// unless it equals the host address (no NAT in between). Retried on the usual RTO.
    /// </summary>
    public void GatherServerReflexive(int localSocket, IPEndPoint stunServer, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(stunServer);
        if (_state == IceConnectionState.Closed)
        {
            return;
        }
        Advance(now);
        if (FindHostForSocket(localSocket, stunServer.AddressFamily) is null)
        {
            return;
        }
        _pendingGathers++;
        if (_gatheringState == IceGatheringState.New)
        {
            SetGatheringState(IceGatheringState.Gathering);
        }
        var tx = StartTransaction(IceTransactionKind.Gather, localSocket, stunServer, _options.MaxGatherAttempts);
        var w = new StunMessageWriter(tx.Request, StunMethod.Binding, StunClass.Request, tx.Id);
        w.AddFingerprint();
        tx.Length = w.Length;
        Transmit(tx);
        FlushEvents();
    }

    private void HandleGatherResponse(in StunMessage response, IceTransaction tx, int localSocket, IPEndPoint remote)
    {
        if (localSocket != tx.Socket || !remote.Equals(tx.Remote))
        {
            UnmatchedResponses++;
            return;
        }
        IPEndPoint? mapped = null;
        var ok = response.Class == StunClass.SuccessResponse &&
            (response.TryGetXorMappedAddress(out mapped) || response.TryGetMappedAddress(out mapped));
        var server = tx.Remote!;
        RemoveTransaction(tx);
        _pendingGathers--;
        Changed();
        if (ok && mapped is not null)
        {
            var host = FindHostForSocket(localSocket, mapped.AddressFamily);
            if (host is not null && !host.EndPoint.Equals(mapped) && !HasLocal(IceCandidateType.ServerReflexive, mapped))
            {
                var candidate = IceCandidate.Create(
                    IceCandidateType.ServerReflexive,
                    mapped,
                    IceCandidate.ComputePriority(IceCandidateType.ServerReflexive, host.LocalPreference, Component),
                    MakeFoundation(IceCandidateType.ServerReflexive, host.EndPoint.Address, server.Address),
                    Component,
                    related: host.EndPoint);
                _local.Add(new LocalEntry(candidate, localSocket));
                Raise(EventKind.LocalCandidate, candidate);
            }
        }
        CheckGatheringComplete();
        UpdateState();
    }

    private bool HasLocal(IceCandidateType type, IPEndPoint endPoint)
    {
        foreach (var local in _local)
        {
            if (local.Candidate.Type == type && local.EndPoint.Equals(endPoint))
            {
                return true;
            }
        }
        return false;
    }

    private void CheckGatheringComplete()
    {
        if (_localEndOfCandidates && _pendingGathers == 0 && _gatheringState != IceGatheringState.Complete)
        {
            SetGatheringState(IceGatheringState.Complete);
        }
    }

    private void SetGatheringState(IceGatheringState state)
    {
        _gatheringState = state;
        Raise(EventKind.Gathering, null, (int)state);
    }
}
