namespace MeshActors.WebRtc;

/// <summary>Which local interfaces give host candidates (not in W3C WebRTC: browsers never use loopback).</summary>
public enum RtcHostCandidatePolicy
{
    /// <summary>Every usable interface, loopback included (127.0.0.1 and ::1): peers on the same machine pair over loopback.</summary>
    All,

    /// <summary>Every usable interface except loopback, like a browser.</summary>
    NoLoopback,

    /// <summary>Loopback only (127.0.0.1): tests and benchmarks on one machine.</summary>
    LoopbackOnly,
}
