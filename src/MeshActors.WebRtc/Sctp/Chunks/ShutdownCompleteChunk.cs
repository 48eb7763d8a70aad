namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// SHUTDOWN COMPLETE (RFC 9260 §3.3.13): ends the shutdown. With the T bit set the Verification Tag is reflected (the sender had no TCB) instead of the one the peer expects.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 14   |Reserved     |T|          Length = 4           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly struct ShutdownCompleteChunk : ISctpWritable
{
    /// <summary>Size of the chunk (fixed).</summary>
    public const int Size = 4;

    /// <summary>The T bit.</summary>
    public const byte TFlag = 0x01;

    /// <summary>Creates the chunk.</summary>
    public ShutdownCompleteChunk(bool verificationTagReflected) => VerificationTagReflected = verificationTagReflected;

    /// <summary>The T bit: the packet's Verification Tag is the receiver's own (reflected) tag.</summary>
    public bool VerificationTagReflected { get; }

    /// <summary>Always <see cref="Size"/>.</summary>
    public int GetLength() => Size;

    /// <summary>Reads the chunk at the start of <paramref name="source"/>; its length must be exactly 4.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out ShutdownCompleteChunk chunk)
    {
        var status = ChunkCodec.ReadFixed(source, SctpChunkType.ShutdownComplete, Size, out var flags, out _);
        chunk = status == SctpCodecStatus.Ok ? new ShutdownCompleteChunk((flags & TFlag) != 0) : default;
        return status;
    }

    /// <summary>Writes the chunk; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        ChunkCodec.WriteHeader(destination, SctpChunkType.ShutdownComplete, VerificationTagReflected ? TFlag : (byte)0, Size);
        return Size;
    }
}
