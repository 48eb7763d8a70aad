namespace MeshActors.WebRtc.Dtls;

/// <summary>Outcome of <see cref="DtlsRecordLayer.Open"/>.</summary>
internal enum DtlsOpenStatus
{
    Ok,
    WrongEpoch,
    Replayed,
    AuthenticationFailed,
}

/// <summary>
/// The record layer of epoch 1, after the handshake (RFC 6347 §4.1): numbers outgoing records with 48-bit sequence
/// numbers, protects and unprotects them, and drops replays with a 64-record window (§4.1.2.6). A sans-I/O core:
/// no clock, no threads, no sockets; one instance per connection, used on its executor. Allocation-free per record.
/// </summary>
internal sealed class DtlsRecordLayer : IDisposable
{
    /// <summary>The epoch after the first (and only: no renegotiation) ChangeCipherSpec.</summary>
    public const ushort Epoch = 1;

    private readonly IDtlsRecordProtection _protection;
    private readonly DtlsReplayWindow _replay = new();
    private ulong _nextSequence;

    /// <param name="protection">Keys of the finished handshake.</param>
    /// <param name="firstSequenceNumber">
    /// The first epoch-1 sequence number still unused by this side (the handshake already sent Finished in epoch 1).
    /// </param>
    public DtlsRecordLayer(IDtlsRecordProtection protection, ulong firstSequenceNumber)
    {
        _protection = protection;
        _nextSequence = firstSequenceNumber;
    }

    public int CipherSuite => _protection.CipherSuite;

    /// <summary>Next sequence number to be used; after 2^48 − 1 no record can be sent (RFC 6347 §4.1).</summary>
    public ulong NextSequenceNumber => _nextSequence;

    /// <summary>Largest plaintext whose record fits a datagram of <paramref name="datagramLimit"/> bytes.</summary>
    public int GetPlaintextLimit(int datagramLimit) =>
        _protection.GetPlaintextLimit(datagramLimit - DtlsRecordHeader.HeaderLength);

    /// <summary>
    /// Writes one protected record (header and fragment) into <paramref name="record"/> and returns its length, or
    /// -1 when the 48-bit sequence space is exhausted.
    /// </summary>
    public int Seal(DtlsContentType type, ReadOnlySpan<byte> plaintext, Span<byte> record)
    {
        if (_nextSequence > DtlsRecordHeader.MaxSequenceNumber)
        {
            return -1;
        }
        var sequence = _nextSequence++;
        var epochAndSequence = ((ulong)Epoch << 48) | sequence;
        var fragmentLength = _protection.Seal(epochAndSequence, type, plaintext, record[DtlsRecordHeader.HeaderLength..]);
        new DtlsRecordHeader(type, DtlsRecordHeader.Dtls12Version, Epoch, sequence, (ushort)fragmentLength).Write(record);
        return DtlsRecordHeader.HeaderLength + fragmentLength;
    }

    /// <summary>
    /// Checks replay, authenticates and decrypts one record whose header was read into <paramref name="header"/>;
    /// <paramref name="record"/> spans header and fragment. The plaintext goes to <paramref name="plaintext"/>.
    /// </summary>
    public DtlsOpenStatus Open(in DtlsRecordHeader header, ReadOnlySpan<byte> record, Span<byte> plaintext, out int length)
    {
        length = 0;
        if (header.Epoch != Epoch)
        {
            return DtlsOpenStatus.WrongEpoch;
        }
        if (_replay.ShouldDiscard(header.SequenceNumber))
        {
            return DtlsOpenStatus.Replayed;
        }
        var opened = _protection.Open(header.EpochAndSequence, header.ContentType,
            record.Slice(DtlsRecordHeader.HeaderLength, header.Length), plaintext);
        if (opened < 0)
        {
            return DtlsOpenStatus.AuthenticationFailed;
        }
        _replay.MarkAuthenticated(header.SequenceNumber);
        length = opened;
        return DtlsOpenStatus.Ok;
    }

    public void Dispose() => _protection.Dispose();
}
