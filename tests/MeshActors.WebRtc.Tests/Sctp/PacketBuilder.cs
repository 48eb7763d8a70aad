using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.Sctp;

/// <summary>Crafts packets addressed to an association, with a correct CRC unless told otherwise.</summary>
internal static class PacketBuilder
{
    public static byte[] Packet(uint verificationTag, ReadOnlySpan<byte> chunks, ushort source = 5000, ushort destination = 5000)
    {
        var packet = new byte[SctpCommonHeader.Size + chunks.Length];
        new SctpCommonHeader(source, destination, verificationTag).Write(packet);
        chunks.CopyTo(packet.AsSpan(SctpCommonHeader.Size));
        SctpChecksum.Stamp(packet);
        return packet;
    }

    public static byte[] Chunk<T>(scoped T chunk) where T : ISctpWritable, allows ref struct
    {
        var bytes = new byte[chunk.GetLength()];
        chunk.Write(bytes);
        return bytes;
    }

    /// <summary>A whole message as the chunk type the association negotiated (I-DATA or DATA), message id 0.</summary>
    public static byte[] Data(SctpAssociation to, uint tsn, ushort stream, ReadOnlySpan<byte> payload, uint ppid = 53) =>
        to.MessageInterleavingEnabled
            ? Chunk(new InterleavedDataChunk(tsn, stream, 0, ppid, DataChunk.BeginningFlag | DataChunk.EndingFlag, payload))
            : Chunk(new DataChunk(tsn, stream, 0, ppid, DataChunk.BeginningFlag | DataChunk.EndingFlag, payload));

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Re-stamps the CRC of a packet after it was changed.</summary>
    public static byte[] Restamp(byte[] packet)
    {
        if (packet.Length >= SctpCommonHeader.Size)
        {
            SctpChecksum.Stamp(packet);
        }
        return packet;
    }
}
