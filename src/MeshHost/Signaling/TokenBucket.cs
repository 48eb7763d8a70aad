using System.Diagnostics;

namespace MeshHost.Signaling;

/// <summary>
/// A token bucket for one connection's message rate: <c>rate</c> tokens per second, holding at most <c>rate</c>
/// tokens (a full second of burst). Time is a <see cref="Stopwatch"/> timestamp passed in; not thread-safe
/// (one reader task owns it).
/// </summary>
internal struct TokenBucket
{
    private readonly double _ratePerTick;
    private readonly double _capacity;
    private double _tokens;
    private long _last;

    public TokenBucket(int perSecond, long now)
    {
        _capacity = perSecond;
        _ratePerTick = perSecond / (double)Stopwatch.Frequency;
        _tokens = perSecond;
        _last = now;
    }

    /// <summary>Takes one token; false when the bucket is empty.</summary>
    public bool TryTake(long now)
    {
        if (now > _last)
        {
            _tokens = Math.Min(_capacity, _tokens + ((now - _last) * _ratePerTick));
            _last = now;
        }
        if (_tokens < 1)
        {
            return false;
        }
        _tokens -= 1;
        return true;
    }
}
