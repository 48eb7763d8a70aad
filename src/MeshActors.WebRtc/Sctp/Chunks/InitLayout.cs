using System.Buffers.Binary;

namespace MeshActors.WebRtc.Sctp;

/// <summary>The fixed part shared by INIT and INIT ACK (RFC 9260 §3.3.2, §3.3.3).</summary>
internal static class InitLayout
{
    /// <summary>Chunk header plus the four fixed fields.</summary>
    public const int FixedSize = 20;

    public static SctpCodecStatus Read(ReadOnlySpan<byte> source, SctpChunkType type, out uint initiateTag, out uint aRwnd,
        out ushort outboundStreams, out ushort inboundStreams, out uint initialTsn, out ReadOnlySpan<byte> parameters)
    {
        initiateTag = aRwnd = initialTsn = 0;
        outboundStreams = inboundStreams = 0;
        parameters = default;
        var status = ChunkCodec.Read(source, type, FixedSize, out _, out var value);
        if (status != SctpCodecStatus.Ok)
        {
            return status;
        }
        initiateTag = BinaryPrimitives.ReadUInt32BigEndian(value);
        aRwnd = BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
        outboundStreams = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        inboundStreams = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        initialTsn = BinaryPrimitives.ReadUInt32BigEndian(value[12..]);
        parameters = value[16..];
        return SctpCodecStatus.Ok;
    }

    public static int Write(Span<byte> destination, SctpChunkType type, uint initiateTag, uint aRwnd,
        ushort outboundStreams, ushort inboundStreams, uint initialTsn, ReadOnlySpan<byte> parameters)
    {
        var length = FixedSize + parameters.Length;
        ChunkCodec.WriteHeader(destination, type, 0, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], initiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], aRwnd);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], outboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], inboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], initialTsn);
        parameters.CopyTo(destination[FixedSize..]);
        return ChunkCodec.Pad(destination, length);
    }
}
