namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// INIT (RFC 9260 §3.3.2): starts an association. Sent with Verification Tag 0 and must be the only chunk in its packet (RFC 9260 §8.5.1). An Initiate Tag, OS or MIS of 0 makes the INIT invalid; the receiver discards it (§3.3.2).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 1    |  Chunk Flags  |      Chunk Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Initiate Tag                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Advertised Receiver Window Credit (a_rwnd)           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Number of Outbound Streams   |   Number of Inbound Streams   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          Initial TSN                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \              Optional/Variable-Length Parameters              /
/// </code>
/// Optional parameters here: Supported Extensions, Forward-TSN-Supported, addresses, Cookie Preservative; unknown ones are handled by their type bits (§3.2.1). <see cref="Parameters"/> holds them
/// encoded (read them with <see cref="SctpParameterEnumerator"/>).
/// </summary>
public readonly ref struct InitChunk : ISctpWritable
{
    /// <summary>Creates the chunk; <paramref name="parameters"/> are already encoded (each padded).</summary>
    public InitChunk(uint initiateTag, uint advertisedReceiverWindowCredit, ushort outboundStreams, ushort inboundStreams, uint initialTsn, ReadOnlySpan<byte> parameters)
    {
        InitiateTag = initiateTag;
        AdvertisedReceiverWindowCredit = advertisedReceiverWindowCredit;
        OutboundStreams = outboundStreams;
        InboundStreams = inboundStreams;
        InitialTsn = initialTsn;
        Parameters = parameters;
    }

    /// <summary>The tag the sender expects in every packet sent to it.</summary>
    public uint InitiateTag { get; }
    /// <summary>The sender's receive buffer in bytes.</summary>
    public uint AdvertisedReceiverWindowCredit { get; }
    /// <summary>Number of streams the sender wants to send on (OS).</summary>
    public ushort OutboundStreams { get; }
    /// <summary>Number of streams the sender accepts (MIS).</summary>
    public ushort InboundStreams { get; }
    /// <summary>The TSN of the sender's first DATA chunk (also its first RE-CONFIG request sequence number).</summary>
    public uint InitialTsn { get; }
    /// <summary>The encoded parameters.</summary>
    public ReadOnlySpan<byte> Parameters { get; }

    /// <summary>Bytes <see cref="Write"/> produces, padding included.</summary>
    public int GetLength() => ChunkHeader.Padded(InitLayout.FixedSize + Parameters.Length);

    /// <summary>Reads the chunk at the start of <paramref name="source"/>.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out InitChunk chunk)
    {
        var status = InitLayout.Read(source, SctpChunkType.Init, out var tag, out var rwnd, out var os, out var mis, out var tsn, out var parameters);
        chunk = status == SctpCodecStatus.Ok ? new InitChunk(tag, rwnd, os, mis, tsn, parameters) : default;
        return status;
    }

    /// <summary>Writes the chunk and its padding; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination) =>
        InitLayout.Write(destination, SctpChunkType.Init, InitiateTag, AdvertisedReceiverWindowCredit, OutboundStreams, InboundStreams, InitialTsn, Parameters);
}
