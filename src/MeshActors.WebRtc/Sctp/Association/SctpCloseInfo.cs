namespace MeshActors.WebRtc.Sctp;

/// <summary>Why an association closed.</summary>
public enum SctpCloseReason
{
    /// <summary>Graceful SHUTDOWN completed (either side asked).</summary>
    ShutdownComplete,
    /// <summary>We aborted (<see cref="SctpAssociation.Abort"/>).</summary>
    AbortedLocally,
    /// <summary>The peer sent ABORT; <see cref="SctpCloseInfo.CauseCode"/> and <see cref="SctpCloseInfo.Message"/> say why.</summary>
    AbortedByPeer,
    /// <summary>The peer broke the protocol; we aborted with a Protocol Violation (or similar) cause.</summary>
    ProtocolViolation,
    /// <summary>Retransmissions or heartbeats went unanswered past the configured limit.</summary>
    RetransmissionLimit,
    /// <summary>An internal error (a bug, or a handler that threw); we aborted.</summary>
    InternalError,
}

/// <summary>How an association closed: the reason, the SCTP error cause and its text.</summary>
/// <param name="Reason">Why it closed.</param>
/// <param name="CauseCode">The error cause sent or received with the ABORT (<see cref="SctpErrorCauseCode.None"/> when none).</param>
/// <param name="Message">The cause's text: the upper layer's abort reason, a violation's description, or a summary.</param>
public sealed record SctpCloseInfo(SctpCloseReason Reason, SctpErrorCauseCode CauseCode, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Reason} ({CauseCode}): {Message}";
}
