using System.Buffers.Binary;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// SHUTDOWN (RFC 9260 §3.3.8): starts a graceful close; carries the sender's cumulative TSN ack.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 7    | Chunk  Flags  |      Length = 8               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Cumulative TSN Ack                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly struct ShutdownChunk : ISctpWritable
{
    /// <summary>Size of the chunk (fixed).</summary>
    public const int Size = 8;

    /// <summary>Creates the chunk.</summary>
    public ShutdownChunk(uint cumulativeTsnAck) => CumulativeTsnAck = cumulativeTsnAck;

    /// <summary>Every TSN up to and including this one was received by the sender.</summary>
    public uint CumulativeTsnAck { get; }

    /// <summary>Always <see cref="Size"/>.</summary>
    public int GetLength() => Size;

    /// <summary>Reads the chunk at the start of <paramref name="source"/>; its length must be exactly 8.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out ShutdownChunk chunk)
    {
        var status = ChunkCodec.ReadFixed(source, SctpChunkType.Shutdown, Size, out _, out var value);
        chunk = status == SctpCodecStatus.Ok ? new ShutdownChunk(BinaryPrimitives.ReadUInt32BigEndian(value)) : default;
        return status;
    }

    /// <summary>Writes the chunk; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        ChunkCodec.WriteHeader(destination, SctpChunkType.Shutdown, 0, Size);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], CumulativeTsnAck);
        return Size;
    }
}
