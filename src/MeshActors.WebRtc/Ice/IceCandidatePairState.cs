namespace MeshActors.WebRtc.Ice;

/// <summary>State of a candidate pair in the checklist (RFC 8445 §6.1.2.6).</summary>
public enum IceCandidatePairState
{
    /// <summary>Waits for a pair with the same foundation to succeed.</summary>
    Frozen,

    /// <summary>Will be checked when the pacing timer allows.</summary>
    Waiting,

    /// <summary>A check was sent; no final answer yet.</summary>
    InProgress,

    /// <summary>A check succeeded: the pair is valid.</summary>
    Succeeded,

    /// <summary>The check timed out or failed with an error.</summary>
    Failed,
}
