using System.Buffers.Binary;
using System.Text;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// One error cause of an ABORT or ERROR chunk (RFC 9260 §3.3.10).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Cause Code          |       Cause Length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                    Cause-Specific Information                 /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The information's meaning depends on the code: the text of a User-Initiated Abort (12) or a Protocol
/// Violation (13), the chunk of an Unrecognized Chunk Type (6), the stream and a reserved field for an
/// Invalid Stream Identifier (1), the TSN for No User Data (9), ...
/// </summary>
public readonly ref struct ErrorCause : ISctpWritable
{
    /// <summary>Creates a cause.</summary>
    public ErrorCause(SctpErrorCauseCode code, ReadOnlySpan<byte> information)
    {
        Code = code;
        Information = information;
    }

    /// <summary>The cause code (possibly one this stack does not know).</summary>
    public SctpErrorCauseCode Code { get; }

    /// <summary>The cause-specific information.</summary>
    public ReadOnlySpan<byte> Information { get; }

    /// <summary>Bytes <see cref="Write"/> produces, padding included.</summary>
    public int GetLength() => ChunkHeader.Padded(ParameterCodec.HeaderSize + Information.Length);

    /// <summary>Reads a cause at the start of <paramref name="source"/>.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out ErrorCause cause)
    {
        cause = default;
        if (source.Length < ParameterCodec.HeaderSize)
        {
            return SctpCodecStatus.Truncated;
        }
        var code = BinaryPrimitives.ReadUInt16BigEndian(source);
        var status = ParameterCodec.Read(source, code, ParameterCodec.HeaderSize, out var value);
        if (status == SctpCodecStatus.Ok)
        {
            cause = new ErrorCause((SctpErrorCauseCode)code, value);
        }
        return status;
    }

    /// <summary>Writes the cause and its padding; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination) => ParameterCodec.Write(destination, (ushort)Code, Information);

    /// <summary>
    /// Writes a cause whose information is UTF-8 <paramref name="text"/> (User-Initiated Abort, Protocol
    /// Violation), cut at a character boundary so that the cause fits in <paramref name="destination"/>.
    /// Returns the padded length written.
    /// </summary>
    public static int WriteText(Span<byte> destination, SctpErrorCauseCode code, string? text)
    {
        var room = (destination.Length - ParameterCodec.HeaderSize) & ~3;
        var info = destination[ParameterCodec.HeaderSize..];
        var written = 0;
        if (!string.IsNullOrEmpty(text) && room > 0)
        {
            var encoder = Encoding.UTF8.GetEncoder();
            encoder.Convert(text.AsSpan(), info[..room], flush: true, out _, out written, out _);
        }
        var length = ParameterCodec.HeaderSize + written;
        ParameterCodec.WriteHeader(destination, (ushort)code, length);
        return ParameterCodec.Pad(destination, length);
    }

    /// <summary>The information as UTF-8 text (invalid bytes replaced); for reports, not for the hot path.</summary>
    public string GetText() => Encoding.UTF8.GetString(Information);
}
