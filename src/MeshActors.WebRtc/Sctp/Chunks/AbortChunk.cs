namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// ABORT (RFC 9260 §3.3.7): closes the association at once, optionally with error causes saying why.
/// The T bit says the Verification Tag is reflected (the sender had no TCB).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 6    |  Reserved   |T|            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \               zero or more Error Causes                       /
/// </code>
/// </summary>
public readonly ref struct AbortChunk : ISctpWritable
{
    /// <summary>The T bit.</summary>
    public const byte TFlag = 0x01;

    /// <summary>Creates the chunk; <paramref name="causes"/> are encoded error causes (each padded).</summary>
    public AbortChunk(bool verificationTagReflected, ReadOnlySpan<byte> causes)
    {
        VerificationTagReflected = verificationTagReflected;
        Causes = causes;
    }

    /// <summary>The T bit.</summary>
    public bool VerificationTagReflected { get; }

    /// <summary>The encoded error causes (read them with <see cref="SctpParameterEnumerator"/> and <see cref="ErrorCause"/>).</summary>
    public ReadOnlySpan<byte> Causes { get; }

    /// <summary>Bytes <see cref="Write"/> produces, padding included.</summary>
    public int GetLength() => ChunkHeader.Padded(ChunkHeader.Size + Causes.Length);

    /// <summary>Reads the chunk at the start of <paramref name="source"/>.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out AbortChunk chunk)
    {
        var status = ChunkCodec.Read(source, SctpChunkType.Abort, ChunkHeader.Size, out var flags, out var value);
        chunk = status == SctpCodecStatus.Ok ? new AbortChunk((flags & TFlag) != 0, value) : default;
        return status;
    }

    /// <summary>Writes the chunk and its padding; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        var length = ChunkHeader.Size + Causes.Length;
        ChunkCodec.WriteHeader(destination, SctpChunkType.Abort, VerificationTagReflected ? TFlag : (byte)0, length);
        Causes.CopyTo(destination[ChunkHeader.Size..]);
        return ChunkCodec.Pad(destination, length);
    }
}
