namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// INIT ACK (RFC 9260 §3.3.3): answers an INIT; its parameters must carry the State Cookie (§3.3.3.1) that comes back in COOKIE ECHO, and may carry Unrecognized Parameter reports.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 2    |  Chunk Flags  |      Chunk Length             |
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
/// Parameters: State Cookie (mandatory), Unrecognized Parameter, Supported Extensions, Forward-TSN-Supported, ... <see cref="Parameters"/> holds them
/// encoded (read them with <see cref="SctpParameterEnumerator"/>).
/// </summary>
public readonly ref struct InitAckChunk : ISctpWritable
{
    /// <summary>Creates the chunk; <paramref name="parameters"/> are already encoded (each padded).</summary>
    public InitAckChunk(uint initiateTag, uint advertisedReceiverWindowCredit, ushort outboundStreams, ushort inboundStreams, uint initialTsn, ReadOnlySpan<byte> parameters)
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
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out InitAckChunk chunk)
    {
        var status = InitLayout.Read(source, SctpChunkType.InitAck, out var tag, out var rwnd, out var os, out var mis, out var tsn, out var parameters);
        chunk = status == SctpCodecStatus.Ok ? new InitAckChunk(tag, rwnd, os, mis, tsn, parameters) : default;
        return status;
    }

    /// <summary>Writes the chunk and its padding; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination) =>
        InitLayout.Write(destination, SctpChunkType.InitAck, InitiateTag, AdvertisedReceiverWindowCredit, OutboundStreams, InboundStreams, InitialTsn, Parameters);
}
