using System.Net;
using MeshActors.WebRtc.Stun;

namespace MeshActors.WebRtc.Ice;

/// <summary>What an outstanding STUN request of the agent is for.</summary>
internal enum IceTransactionKind
{
    /// <summary>A connectivity check on a pair (RFC 8445 §7.2.4).</summary>
    Check,

    /// <summary>A consent freshness request on the selected pair (RFC 7675 §5.1).</summary>
    Consent,

    /// <summary>A Binding request to a STUN server for a server-reflexive candidate (RFC 8445 §5.1.1.2).</summary>
    Gather,
}

/// <summary>
/// One outstanding STUN Binding request: its bytes (retransmissions resend them unchanged, RFC 8489
/// §6.2.1), retransmission timer and what to do with the answer. Pooled by the agent.
/// </summary>
internal sealed class IceTransaction
{
    public readonly byte[] Request = new byte[IceTransmitQueue.SlotSize];
    public int Length;
    public TransactionId Id;
    public IceTransactionKind Kind;
    public IceCandidatePair? Pair;
    public int Socket;
    public IPEndPoint? Remote;
    public int Attempts;
    public int MaxAttempts;
    public TimeSpan Rto;
    public TimeSpan FirstSent;
    public TimeSpan NextRetransmit;

    /// <summary>False once cancelled: no more retransmissions, but a late answer is still accepted until it expires (RFC 8445 §7.2.5.4).</summary>
    public bool Retransmitting;

    /// <summary>The request carried USE-CANDIDATE.</summary>
    public bool UseCandidate;

    /// <summary>The request carried ICE-CONTROLLING (else ICE-CONTROLLED).</summary>
    public bool SentControlling;

    public void Reset()
    {
        Pair = null;
        Remote = null;
        Length = 0;
        Attempts = 0;
        Retransmitting = false;
        UseCandidate = false;
    }
}
