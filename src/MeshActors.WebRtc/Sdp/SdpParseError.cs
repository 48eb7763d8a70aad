namespace MeshActors.WebRtc.Sdp;

/// <summary>Why an SDP text was refused: the 1-based line number and a reason in words.</summary>
/// <param name="LineNumber">1-based number of the offending line (lines end at LF; a CR before it is part of the line end).</param>
/// <param name="Reason">What is wrong with that line, e.g. "a=sctp-port value 'x' is not a port number (0-65535)".</param>
public sealed record SdpParseError(int LineNumber, string Reason)
{
    /// <summary>"SDP line &lt;n&gt;: &lt;reason&gt;".</summary>
    public string Message => $"SDP line {LineNumber}: {Reason}";

    /// <inheritdoc/>
    public override string ToString() => Message;
}

/// <summary>Thrown by <see cref="SessionDescription.Parse"/> when the SDP text is malformed.</summary>
public sealed class SdpParseException : FormatException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public SdpParseException(SdpParseError error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).Message)
    {
        Error = error;
    }

    /// <summary>The line number and reason.</summary>
    public SdpParseError Error { get; }

    /// <summary>1-based number of the offending line.</summary>
    public int LineNumber => Error.LineNumber;
}
