using System.Buffers.Binary;

namespace MeshActors.WebRtc.Dtls;

/// <summary>Outcome of <see cref="DtlsRecordHeader.TryRead"/>.</summary>
public enum DtlsRecordReadStatus
{
    /// <summary>A complete record header whose fragment lies inside the input.</summary>
    Ok,

    /// <summary>Fewer than 13 bytes.</summary>
    TooShort,

    /// <summary>The length field points past the end of the input.</summary>
    Truncated,

    /// <summary>Not a DTLS version (major byte is not 0xFE, RFC 6347 §4.1).</summary>
    NotDtls,

    /// <summary>A content type this stack does not handle (20–23 are accepted).</summary>
    UnknownContentType,
}

/// <summary>
/// The DTLS record header (RFC 6347 §4.1, "DTLSPlaintext"):
/// <code>
///  0        1        2        3        4        5 ...    10       11       12
/// +--------+--------+--------+--------+--------+-- - - --+--------+--------+--------+
/// | type   | version (major,minor)    | epoch           | sequence_number (48)     | length (16)     | fragment …
/// +--------+--------+--------+--------+--------+-- - - --+--------+--------+--------+
/// </code>
/// Several records may share one datagram (RFC 6347 §4.1.1); <see cref="Length"/> delimits each. The version of
/// DTLS 1.2 is {254, 253} (0xFEFD); DTLS 1.0 is 0xFEFF, used in early ClientHello records.
/// </summary>
public readonly struct DtlsRecordHeader
{
    /// <summary>Bytes in a record header (RFC 6347 §4.1).</summary>
    public const int HeaderLength = 13;

    /// <summary>DTLS 1.2's wire version {254, 253} (RFC 6347 §4.1).</summary>
    public const ushort Dtls12Version = 0xFEFD;

    /// <summary>DTLS 1.0's wire version {254, 255}.</summary>
    public const ushort Dtls10Version = 0xFEFF;

    /// <summary>Largest sequence number: 48 bits (RFC 6347 §4.1).</summary>
    public const ulong MaxSequenceNumber = (1UL << 48) - 1;

    /// <summary>Creates a header.</summary>
    public DtlsRecordHeader(DtlsContentType contentType, ushort version, ushort epoch, ulong sequenceNumber, ushort length)
    {
        ContentType = contentType;
        Version = version;
        Epoch = epoch;
        SequenceNumber = sequenceNumber & MaxSequenceNumber;
        Length = length;
    }

    /// <summary>The content type.</summary>
    public DtlsContentType ContentType { get; }

    /// <summary>The record version (0xFEFD for DTLS 1.2).</summary>
    public ushort Version { get; }

    /// <summary>The epoch: 0 before ChangeCipherSpec, 1 after the first handshake.</summary>
    public ushort Epoch { get; }

    /// <summary>The 48-bit sequence number within the epoch.</summary>
    public ulong SequenceNumber { get; }

    /// <summary>Length of the fragment that follows the header.</summary>
    public ushort Length { get; }

    /// <summary>
    /// The 64-bit value that DTLS uses where TLS uses its implicit sequence number: epoch in the top 16 bits,
    /// sequence number below (RFC 6347 §4.1.2.1); it feeds the MAC / AEAD additional data and nonces.
    /// </summary>
    public ulong EpochAndSequence => ((ulong)Epoch << 48) | SequenceNumber;

    /// <summary>Header plus fragment.</summary>
    public int RecordLength => HeaderLength + Length;

    /// <summary>Reads the header at the start of <paramref name="input"/>; never throws.</summary>
    public static DtlsRecordReadStatus TryRead(ReadOnlySpan<byte> input, out DtlsRecordHeader header)
    {
        header = default;
        if (input.Length < HeaderLength)
        {
            return DtlsRecordReadStatus.TooShort;
        }
        var type = input[0];
        var version = BinaryPrimitives.ReadUInt16BigEndian(input[1..]);
        if (version >> 8 != 0xFE)
        {
            return DtlsRecordReadStatus.NotDtls;
        }
        if (type is < (byte)DtlsContentType.ChangeCipherSpec or > (byte)DtlsContentType.ApplicationData)
        {
            return DtlsRecordReadStatus.UnknownContentType;
        }
        var epoch = BinaryPrimitives.ReadUInt16BigEndian(input[3..]);
        var sequence = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(input[5..]) << 32)
            | BinaryPrimitives.ReadUInt32BigEndian(input[7..]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(input[11..]);
        if (input.Length - HeaderLength < length)
        {
            return DtlsRecordReadStatus.Truncated;
        }
        header = new DtlsRecordHeader((DtlsContentType)type, version, epoch, sequence, length);
        return DtlsRecordReadStatus.Ok;
    }

    /// <summary>Bytes <see cref="Write"/> writes.</summary>
    public int GetLength() => HeaderLength;

    /// <summary>Writes the 13 header bytes.</summary>
    public void Write(Span<byte> destination)
    {
        destination[0] = (byte)ContentType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], Version);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], Epoch);
        BinaryPrimitives.WriteUInt16BigEndian(destination[5..], (ushort)(SequenceNumber >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[7..], (uint)SequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[11..], Length);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{ContentType} v{Version:X4} epoch {Epoch} seq {SequenceNumber} len {Length}";
}
