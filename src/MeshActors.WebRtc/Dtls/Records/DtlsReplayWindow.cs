namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// The anti-replay window of RFC 6347 §4.1.2.6 for one epoch: a 64-record sliding bitmap anchored at the highest
/// authenticated sequence number. Check with <see cref="ShouldDiscard"/> before decrypting and
/// <see cref="MarkAuthenticated"/> only after the record authenticated, so forged records cannot move the window.
/// </summary>
internal sealed class DtlsReplayWindow
{
    /// <summary>Window width in records (RFC 6347 §4.1.2.6 suggests at least 32; 64 is the usual choice).</summary>
    public const int WindowSize = 64;

    private ulong _latest;
    private ulong _bitmap; // bit i set = sequence (_latest - i) was received
    private bool _any;

    /// <summary>True when <paramref name="sequenceNumber"/> was already received or lies left of the window.</summary>
    public bool ShouldDiscard(ulong sequenceNumber)
    {
        if (!_any || sequenceNumber > _latest)
        {
            return false;
        }
        var distance = _latest - sequenceNumber;
        return distance >= WindowSize || ((_bitmap >> (int)distance) & 1) != 0;
    }

    /// <summary>Records an authenticated sequence number, sliding the window forward when it is the newest.</summary>
    public void MarkAuthenticated(ulong sequenceNumber)
    {
        if (!_any)
        {
            _any = true;
            _latest = sequenceNumber;
            _bitmap = 1;
            return;
        }
        if (sequenceNumber > _latest)
        {
            var shift = sequenceNumber - _latest;
            _bitmap = shift >= WindowSize ? 1 : (_bitmap << (int)shift) | 1;
            _latest = sequenceNumber;
            return;
        }
        var distance = _latest - sequenceNumber;
        if (distance < WindowSize)
        {
            _bitmap |= 1UL << (int)distance;
        }
    }
}
