namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Supported Extensions (RFC 5061 §4.2.7): the extension chunk types the sender understands, one byte
/// each. WebRTC stacks list RE-CONFIG (130) and FORWARD-TSN (192); I-DATA (64) enables interleaving.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Parameter Type = 0x8008   |      Parameter Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | CHUNK TYPE 1  |  CHUNK TYPE 2 |  CHUNK TYPE 3 |  CHUNK TYPE 4 |
/// /                             ....                              /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct SupportedExtensionsParameter : ISctpWritable
{
    /// <summary>Creates the parameter.</summary>
    public SupportedExtensionsParameter(ReadOnlySpan<byte> chunkTypes) => ChunkTypes = chunkTypes;

    /// <summary>The listed chunk types.</summary>
    public ReadOnlySpan<byte> ChunkTypes { get; }

    /// <summary>True when <paramref name="type"/> is listed.</summary>
    public bool Contains(SctpChunkType type) => ChunkTypes.IndexOf((byte)type) >= 0;

    /// <summary>Bytes <see cref="Write"/> produces, padding included.</summary>
    public int GetLength() => ChunkHeader.Padded(ParameterCodec.HeaderSize + ChunkTypes.Length);

    /// <summary>Reads the parameter at the start of <paramref name="source"/>.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out SupportedExtensionsParameter parameter)
    {
        var status = ParameterCodec.Read(source, (ushort)SctpParameterType.SupportedExtensions, ParameterCodec.HeaderSize, out var value);
        parameter = status == SctpCodecStatus.Ok ? new SupportedExtensionsParameter(value) : default;
        return status;
    }

    /// <summary>Writes the parameter and its padding; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination) => ParameterCodec.Write(destination, (ushort)SctpParameterType.SupportedExtensions, ChunkTypes);
}
