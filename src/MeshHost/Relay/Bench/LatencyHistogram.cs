using System.Numerics;

namespace MeshHost.Relay.Bench;

/// <summary>
/// Latencies in microseconds, recorded without allocating: exact below 32 µs, then 32 buckets per power of two
/// (a bucket is at most 1/32 ≈ 3 % of its value wide). One writer at a time; merge the histograms of several writers.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBuckets = 32;
    private const int SubBits = 5;

    // 32 exact buckets, then 32 per shift 0..58 (values up to 2^63).
    private readonly long[] _counts = new long[SubBuckets + (59 * SubBuckets)];
    private long _count;
    private long _max;

    public long Count => _count;

    public void Record(long microseconds)
    {
        var value = Math.Max(0, microseconds);
        _counts[IndexOf(value)]++;
        _count++;
        if (value > _max)
        {
            _max = value;
        }
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }
        _count += other._count;
        _max = Math.Max(_max, other._max);
    }

    public void Clear()
    {
        Array.Clear(_counts);
        _count = 0;
        _max = 0;
    }

    /// <summary>The value at quantile <paramref name="quantile"/> (0..1) in microseconds (a bucket's middle; the maximum for 1); 0 when empty.</summary>
    public double Percentile(double quantile)
    {
        if (_count == 0)
        {
            return 0;
        }
        if (quantile >= 1)
        {
            return _max;
        }
        var rank = (long)Math.Ceiling(quantile * _count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank && _counts[i] > 0)
            {
                return Math.Min(MiddleOf(i), _max);
            }
        }
        return _max;
    }

    private static int IndexOf(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }
        var shift = 63 - BitOperations.LeadingZeroCount((ulong)value) - SubBits;
        var sub = (int)(value >> shift) - SubBuckets;
        return SubBuckets + (shift * SubBuckets) + sub;
    }

    private static double MiddleOf(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }
        var shift = (index - SubBuckets) / SubBuckets;
        var sub = (index - SubBuckets) % SubBuckets;
        var lower = (long)(SubBuckets + sub) << shift;
        return lower + (((1L << shift) - 1) / 2.0);
    }
}
