namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// The fingerprints of the remote description, shared between the connection (which may learn them late, when the
/// answer arrives) and the handshake thread (which waits for them when the remote certificate arrives first).
/// </summary>
internal sealed class RemoteFingerprintSlot
{
    private readonly object _gate = new();
    private IReadOnlyList<DtlsFingerprint>? _fingerprints;
    private bool _canceled;

    public RemoteFingerprintSlot(IReadOnlyList<DtlsFingerprint>? initial)
    {
        if (initial is { Count: > 0 })
        {
            _fingerprints = initial.ToArray();
        }
    }

    public void Set(IEnumerable<DtlsFingerprint> fingerprints)
    {
        var copy = fingerprints.ToArray();
        lock (_gate)
        {
            _fingerprints = copy.Length > 0 ? copy : null;
            Monitor.PulseAll(_gate);
        }
    }

    public void Cancel()
    {
        lock (_gate)
        {
            _canceled = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Waits (on the handshake thread) until fingerprints are known, the deadline passes, or cancellation.</summary>
    public IReadOnlyList<DtlsFingerprint>? Wait(long deadlineTickCount64)
    {
        lock (_gate)
        {
            long remaining;
            while (_fingerprints is null && !_canceled && (remaining = deadlineTickCount64 - Environment.TickCount64) > 0)
            {
                Monitor.Wait(_gate, (int)Math.Min(remaining, int.MaxValue));
            }
            return _fingerprints;
        }
    }
}
