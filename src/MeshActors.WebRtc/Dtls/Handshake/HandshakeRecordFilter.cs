namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// Orders the records BouncyCastle's handshake reads around the peer's ChangeCipherSpec, working around two
/// behaviours of its DTLS record layer that stall handshakes on lossy, reordering paths:
/// <list type="number">
/// <item>It switches its read epoch when it reads ChangeCipherSpec and then drops every epoch-0 record. If the
/// client's CertificateVerify (epoch 0, sent just before ChangeCipherSpec) was lost or reordered behind it, its
/// retransmissions are dropped too and the server can never finish. So a server reads ChangeCipherSpec only once
/// CertificateVerify is complete (WebRTC clients always send one: RFC 8827 §6.5 requires a client certificate).</item>
/// <item>It ignores ChangeCipherSpec while it has no pending epoch (the key exchange is not processed yet), and it
/// discards epoch-1 records (the Finished) that arrive before an effective ChangeCipherSpec instead of buffering
/// them. So ChangeCipherSpec is held back until the pending epoch exists, and epoch-1 records that come first are
/// kept and handed over right after the ChangeCipherSpec that makes them readable.</item>
/// </list>
/// A stripped ChangeCipherSpec costs at most one retransmission of the peer's flight, which carries it again
/// (RFC 6347 §4.2.4). Sans-I/O: runs on the handshake thread, between the queue and BouncyCastle.
/// </summary>
internal sealed class HandshakeRecordFilter
{
    /// <summary>Epoch-1 records kept until they become readable; more are dropped like losses.</summary>
    public const int MaxHeldRecords = 16;

    private readonly bool _requireCertificateVerify;
    private readonly List<byte[]> _held = [];
    private readonly List<(int Start, int End)> _covered = [];
    private int _certificateVerifyLength = -1;
    private bool _switched;

    /// <param name="requireCertificateVerify">Server role: the client's CertificateVerify must precede ChangeCipherSpec.</param>
    public HandshakeRecordFilter(bool requireCertificateVerify) => _requireCertificateVerify = requireCertificateVerify;

    /// <summary>True once every byte of the peer's CertificateVerify was read in epoch 0.</summary>
    public bool CertificateVerifySeen { get; private set; }

    /// <summary>ChangeCipherSpec records removed because they would have been ignored or harmful.</summary>
    public int StrippedChangeCipherSpecs { get; private set; }

    /// <summary>Epoch-1 records held back until a ChangeCipherSpec made them readable.</summary>
    public int HeldRecords { get; private set; }

    /// <summary>
    /// Filters a datagram about to be read by the handshake. Returns what to hand over now (the same array when
    /// nothing changes, null when nothing remains); records that become readable after it are appended to
    /// <paramref name="readAfter"/>.
    /// </summary>
    /// <param name="datagram">The datagram.</param>
    /// <param name="pendingEpochReady">True when the handshake has derived the next epoch's keys.</param>
    /// <param name="readAfter">Receives datagrams to be read right after the returned one.</param>
    public byte[]? Filter(byte[] datagram, bool pendingEpochReady, List<byte[]> readAfter)
    {
        var rest = datagram.AsSpan();
        List<byte>? kept = null; // built only when something is removed
        var offset = 0;
        var switchedNow = false;
        while (DtlsRecordHeader.TryRead(rest, out var header) == DtlsRecordReadStatus.Ok)
        {
            var record = rest[..header.RecordLength];
            var keep = true;
            if (header.Epoch == 0 && header.ContentType == DtlsContentType.Handshake)
            {
                NoteHandshake(record[DtlsRecordHeader.HeaderLength..]);
            }
            else if (header.Epoch == 0 && header.ContentType == DtlsContentType.ChangeCipherSpec && !_switched)
            {
                if (pendingEpochReady && (!_requireCertificateVerify || CertificateVerifySeen))
                {
                    switchedNow = true;
                }
                else
                {
                    keep = false;
                    StrippedChangeCipherSpecs++;
                }
            }
            else if (header.Epoch == DtlsRecordLayer.Epoch && !_switched && !switchedNow)
            {
                keep = false;
                if (_held.Count < MaxHeldRecords)
                {
                    _held.Add(record.ToArray());
                    HeldRecords++;
                }
            }
            if (!keep && kept is null)
            {
                kept = new List<byte>(datagram.Length);
                kept.AddRange(datagram.AsSpan(0, offset).ToArray());
            }
            else if (keep && kept is not null)
            {
                kept.AddRange(record.ToArray());
            }
            offset += header.RecordLength;
            rest = rest[header.RecordLength..];
        }
        if (switchedNow)
        {
            _switched = true;
            readAfter.AddRange(_held);
            _held.Clear();
        }
        if (kept is null)
        {
            return datagram;
        }
        if (rest.Length > 0)
        {
            kept.AddRange(rest.ToArray()); // an undecodable tail: BouncyCastle drops it itself
        }
        return kept.Count == 0 ? null : kept.ToArray();
    }

    private void NoteHandshake(ReadOnlySpan<byte> fragment)
    {
        while (!CertificateVerifySeen && DtlsHandshakeHeader.TryRead(fragment, out var handshake))
        {
            if (handshake.MessageType == DtlsHandshakeHeader.CertificateVerify)
            {
                Cover(handshake.Length, handshake.FragmentOffset, handshake.FragmentOffset + handshake.FragmentLength);
            }
            fragment = fragment[(DtlsHandshakeHeader.HeaderLength + handshake.FragmentLength)..];
        }
    }

    private void Cover(int length, int start, int end)
    {
        if (_certificateVerifyLength != length)
        {
            _certificateVerifyLength = length;
            _covered.Clear();
        }
        _covered.Add((start, end));
        _covered.Sort();
        var reached = 0;
        foreach (var (s, e) in _covered)
        {
            if (s > reached)
            {
                break;
            }
            reached = Math.Max(reached, e);
        }
        CertificateVerifySeen = reached >= length;
    }
}
