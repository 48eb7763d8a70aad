namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Builds one SCTP packet in a caller's buffer: the common header, then chunks written into
/// <see cref="Free"/> and committed with <see cref="Advance"/>, then <see cref="Finish"/> stamps the CRC-32C.
/// </summary>
internal ref struct SctpPacketWriter
{
    private readonly Span<byte> _buffer;

    /// <summary>Starts a packet; <paramref name="buffer"/>'s length is the most the packet may grow to.</summary>
    public SctpPacketWriter(Span<byte> buffer, ushort sourcePort, ushort destinationPort, uint verificationTag)
    {
        _buffer = buffer;
        Length = new SctpCommonHeader(sourcePort, destinationPort, verificationTag).Write(buffer);
    }

    /// <summary>Bytes written so far, header included.</summary>
    public int Length { get; private set; }

    /// <summary>True once a chunk has been added.</summary>
    public readonly bool HasChunks => Length > SctpCommonHeader.Size;

    /// <summary>Room left for chunks.</summary>
    public readonly int Remaining => _buffer.Length - Length;

    /// <summary>Where the next chunk goes.</summary>
    public readonly Span<byte> Free => _buffer[Length..];

    /// <summary>Commits <paramref name="count"/> bytes written into <see cref="Free"/>.</summary>
    public void Advance(int count) => Length += count;

    /// <summary>Appends a chunk when it fits; returns false (and writes nothing) when it does not.</summary>
    public bool TryAppend<T>(scoped T chunk) where T : ISctpWritable, allows ref struct
    {
        var length = chunk.GetLength();
        if (length > Remaining)
        {
            return false;
        }
        Length += chunk.Write(Free);
        return true;
    }

    /// <summary>Stamps the checksum and returns the packet length.</summary>
    public readonly int Finish()
    {
        SctpChecksum.Stamp(_buffer[..Length]);
        return Length;
    }
}
