using System.Net;

namespace MeshActors.WebRtc.Ice;

/// <summary>
/// A pair of a local candidate (always a base: host socket) and a remote candidate in the
/// checklist (RFC 8445 §6.1.2). Read-only to users; the <see cref="IceAgent"/> changes it on its executor.
/// </summary>
public sealed class IceCandidatePair
{
    internal IceCandidatePair(IceCandidate local, int localSocket, IceCandidate remote, IPEndPoint remoteEndPoint)
    {
        Local = local;
        LocalSocket = localSocket;
        Remote = remote;
        RemoteEndPoint = remoteEndPoint;
        Foundation = local.Foundation + ":" + remote.Foundation;
    }

    /// <summary>The local candidate (the base the checks are sent from).</summary>
    public IceCandidate Local { get; }

    /// <summary>Index of the local socket the pair sends from (as given to <see cref="IceAgent.AddLocalCandidate"/>).</summary>
    public int LocalSocket { get; }

    /// <summary>The remote candidate (a signalled one or a peer-reflexive one learned from a check).</summary>
    public IceCandidate Remote { get; internal set; }

    /// <summary>Where this pair sends to.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>Pair foundation: local and remote foundations joined (RFC 8445 §6.1.2.6).</summary>
    public string Foundation { get; }

    /// <summary>Pair priority (RFC 8445 §6.1.2.3), depends on the agent's role.</summary>
    public ulong Priority { get; internal set; }

    /// <summary>Checklist state.</summary>
    public IceCandidatePairState State { get; internal set; }

    /// <summary>True when nominated (USE-CANDIDATE sent and answered, or received on a valid pair).</summary>
    public bool Nominated { get; internal set; }

    /// <summary>Round-trip time of the latest successful check or consent request, when known.</summary>
    public TimeSpan? RoundTripTime { get; internal set; }

    /// <summary>Successful responses received on this pair (checks and consent).</summary>
    public long ResponsesReceived { get; internal set; }

    /// <summary>Checks received from the remote on this pair.</summary>
    public long RequestsReceived { get; internal set; }

    // ---- Agent bookkeeping (executor only). ----

    /// <summary>The check currently being retransmitted for this pair, if any.</summary>
    internal IceTransaction? ActiveCheck;

    /// <summary>Controlled agent: USE-CANDIDATE arrived before the pair was valid (RFC 8445 §7.3.1.5).</summary>
    internal bool NominateOnSuccess;

    /// <summary>Controlling agent: the next check on this pair carries USE-CANDIDATE.</summary>
    internal bool NominationPending;

    /// <summary>Queued in the triggered-check queue.</summary>
    internal bool Triggered;

    /// <summary>An authenticated check arrived from this remote on this socket, or a check succeeded.</summary>
    internal bool RemoteAuthenticated;

    /// <summary>Time of the latest authenticated success response (consent, RFC 7675).</summary>
    internal TimeSpan LastResponse;

    /// <summary>Computes the pair priority (RFC 8445 §6.1.2.3): 2^32·min(G,D) + 2·max(G,D) + (G &gt; D ? 1 : 0).</summary>
    internal static ulong ComputePriority(uint controlling, uint controlled)
    {
        ulong g = controlling, d = controlled;
        return (Math.Min(g, d) << 32) + 2 * Math.Max(g, d) + (g > d ? 1ul : 0ul);
    }

    /// <summary>"local -> remote (state)".</summary>
    public override string ToString() =>
        $"{Local.Address}:{Local.Port} -> {RemoteEndPoint} ({IceCandidate.TypeToken(Local.Type)}/{IceCandidate.TypeToken(Remote.Type)}, {State}{(Nominated ? ", nominated" : "")})";
}
