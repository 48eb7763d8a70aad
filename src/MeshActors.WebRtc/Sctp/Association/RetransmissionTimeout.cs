namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// The retransmission timeout of RFC 9260 §6.3.1 (the RFC 6298 estimator): SRTT and RTTVAR from RTT
/// samples, RTO = SRTT + 4 RTTVAR bounded by RTO.Min and RTO.Max, doubled on each expiry.
/// </summary>
internal sealed class RetransmissionTimeout
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private double _srtt; // seconds
    private double _rttvar;
    private bool _measured;

    public RetransmissionTimeout(TimeSpan initial, TimeSpan min, TimeSpan max)
    {
        _min = min;
        _max = max;
        Value = BaseValue = initial;
    }

    /// <summary>The current RTO (backed off when timers expired since the last sample).</summary>
    public TimeSpan Value { get; private set; }

    /// <summary>The RTO from the last sample (or RTO.Initial), before any backoff.</summary>
    public TimeSpan BaseValue { get; private set; }

    /// <summary>Smoothed round-trip time (zero before the first sample).</summary>
    public TimeSpan SmoothedRtt => TimeSpan.FromSeconds(_srtt);

    /// <summary>True once a round-trip time was measured.</summary>
    public bool HasMeasurement => _measured;

    /// <summary>Feeds an RTT sample taken from a chunk sent once (Karn's rule, RFC 9260 §6.3.1 C5).</summary>
    public void Update(TimeSpan rtt)
    {
        var r = Math.Max(rtt.TotalSeconds, 0);
        if (!_measured)
        {
            // C2: first measurement.
            _srtt = r;
            _rttvar = r / 2;
            _measured = true;
        }
        else
        {
            // C3: RTO.Alpha = 1/8, RTO.Beta = 1/4.
            _rttvar = 0.75 * _rttvar + 0.25 * Math.Abs(_srtt - r);
            _srtt = 0.875 * _srtt + 0.125 * r;
        }
        var rto = TimeSpan.FromSeconds(_srtt + 4 * _rttvar);
        Value = BaseValue = rto < _min ? _min : rto > _max ? _max : rto;
    }

    /// <summary>E2 / C7: doubles the RTO after a timer expiry, up to RTO.Max.</summary>
    public void BackOff()
    {
        var doubled = Value + Value;
        Value = doubled > _max ? _max : doubled;
    }
}
