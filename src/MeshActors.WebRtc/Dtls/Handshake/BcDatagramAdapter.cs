using Org.BouncyCastle.Tls;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's blocking <see cref="DatagramTransport"/> over a connection's datagram path. The connection's
/// executor pushes received datagrams in with <see cref="Enqueue"/> (a short lock, never a wait); the handshake thread
/// blocks in <see cref="Receive(Span{byte}, int)"/>; its sends are handed to <c>forward</c>, which takes them to the
/// executor. It also watches what the handshake sends: the last flight (to answer a peer that retransmits its own
/// last flight after we finished, RFC 6347 §4.2.4) and the highest epoch-1 sequence number (so our record layer
/// continues after BouncyCastle's Finished).
/// </summary>
internal sealed class BcDatagramAdapter : DatagramTransport
{
    /// <summary>Datagrams kept for a handshake that is not reading (queued, or busy); more are dropped like losses.</summary>
    public const int MaxQueuedDatagrams = 256;

    private readonly object _gate = new();
    private readonly Queue<byte[]> _incoming = new();
    private readonly Action<byte[]> _forward;
    private readonly int _sendLimit;
    private readonly int _receiveLimit;
    private bool _canceled;
    private int _dropped;
    private volatile int _incomingCount; // _incoming.Count, readable without the lock

    // Handshake-thread state (read by the same thread after the handshake returns).
    private bool _receivedSinceSend = true;
    private List<byte[]> _flight = [];
    private ulong _nextEpoch1Sequence;
    private int _sent;
    private int _received;

    private readonly HandshakeRecordFilter _filter;
    private readonly Queue<byte[]> _readNext = new(); // handshake thread: filtered datagrams due before the queue
    private readonly List<byte[]> _released = [];

    /// <param name="sendLimit">Largest datagram the path below carries.</param>
    /// <param name="forward">Takes the handshake's outgoing datagrams to the path below.</param>
    /// <param name="server">Server role: the client's CertificateVerify must be read before its ChangeCipherSpec
    /// (see <see cref="HandshakeRecordFilter"/>).</param>
    public BcDatagramAdapter(int sendLimit, Action<byte[]> forward, bool server)
    {
        _filter = new HandshakeRecordFilter(requireCertificateVerify: server);
        _sendLimit = sendLimit;
        // Peers send at most one path MTU; 2048 leaves room for any Ethernet-sized datagram.
        _receiveLimit = Math.Max(sendLimit, 2048);
        _forward = forward;
    }

    /// <summary>The datagrams of the last flight this side sent.</summary>
    public IReadOnlyList<byte[]> LastFlight => _flight;

    /// <summary>The first epoch-1 sequence number the handshake did not use.</summary>
    public ulong NextEpoch1Sequence => _nextEpoch1Sequence;

    /// <summary>Datagrams the handshake sent.</summary>
    public int Sent => _sent;

    /// <summary>Datagrams the handshake read.</summary>
    public int Received => _received;

    /// <summary>Datagrams dropped because the queue was full or they were larger than the receive limit.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Tells whether the handshake has derived the next epoch's keys (set before the handshake runs).</summary>
    public Func<bool> PendingEpochReady { get; set; } = static () => false;

    /// <summary>
    /// Work the handshake thread may do ahead of time (making its ephemeral key): run once, the first time the
    /// handshake would wait for a datagram with none queued, so it costs no time on the way to a reply.
    /// </summary>
    public Action? IdleWork { get; set; }

    /// <summary>The filter between the queue and BouncyCastle (read on the handshake thread).</summary>
    public HandshakeRecordFilter Filter => _filter;

    /// <summary>Queues a received datagram for the handshake thread (the executor only; never blocks on I/O).</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > _receiveLimit)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        var copy = datagram.ToArray();
        Add(copy);
    }

    private void Add(byte[] datagram)
    {
        lock (_gate)
        {
            if (_canceled || _incoming.Count >= MaxQueuedDatagrams)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
            _incoming.Enqueue(datagram);
            _incomingCount = _incoming.Count;
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Wakes the handshake thread and makes every further call fail: the handshake unwinds.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            _canceled = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Removes and returns the datagrams the handshake did not read.</summary>
    public List<byte[]> TakeUnread()
    {
        lock (_gate)
        {
            var unread = new List<byte[]>(_incoming);
            _incoming.Clear();
            _incomingCount = 0;
            return unread;
        }
    }

    public int GetReceiveLimit() => _receiveLimit;

    public int GetSendLimit() => _sendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        var deadline = Environment.TickCount64 + Math.Max(waitMillis, 0);
        while (true)
        {
            var datagram = _readNext.Count > 0 ? _readNext.Dequeue() : Take(deadline);
            if (datagram is null)
            {
                return -1; // BouncyCastle reads -1 as "timer expired": it retransmits or times out
            }
            var filtered = _filter.Filter(datagram, PendingEpochReady(), _released);
            foreach (var later in _released)
            {
                _readNext.Enqueue(later);
            }
            _released.Clear();
            if (filtered is null)
            {
                continue;
            }
            _receivedSinceSend = true;
            _received++;
            // A datagram longer than the buffer is cut; BouncyCastle then drops its last record as malformed.
            var length = Math.Min(filtered.Length, buffer.Length);
            filtered.AsSpan(0, length).CopyTo(buffer);
            return length;
        }
    }

    private byte[]? Take(long deadline)
    {
        if (IdleWork is { } idle && _incomingCount == 0)
        {
            // Nothing to read yet: the handshake would only wait, so do its work-ahead now, once.
            IdleWork = null;
            idle();
        }
        lock (_gate)
        {
            long remaining;
            while (_incoming.Count == 0 && !_canceled && (remaining = deadline - Environment.TickCount64) > 0)
            {
                Monitor.Wait(_gate, (int)remaining);
            }
            if (_canceled)
            {
                throw new TlsFatalAlert(AlertDescription.user_canceled, "The connection was closed during the handshake.");
            }
            if (_incoming.Count == 0)
            {
                return null;
            }
            _incomingCount = _incoming.Count - 1;
            return _incoming.Dequeue();
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (Volatile.Read(ref _canceled))
        {
            return;
        }
        if (_receivedSinceSend)
        {
            // The first send after reading something starts a new flight (RFC 6347 §4.2.4: flights alternate).
            _flight = [];
            _receivedSinceSend = false;
        }
        var copy = buffer.ToArray();
        _flight.Add(copy);
        _sent++;
        TrackEpoch1Sequence(copy);
        _forward(copy);
    }

    public void Close()
    {
        // BouncyCastle closes its transport when the handshake fails; the path below belongs to the connection.
    }

    private void TrackEpoch1Sequence(ReadOnlySpan<byte> datagram)
    {
        while (DtlsRecordHeader.TryRead(datagram, out var header) == DtlsRecordReadStatus.Ok)
        {
            if (header.Epoch == DtlsRecordLayer.Epoch && header.SequenceNumber + 1 > _nextEpoch1Sequence)
            {
                _nextEpoch1Sequence = header.SequenceNumber + 1;
            }
            datagram = datagram[header.RecordLength..];
        }
    }
}
