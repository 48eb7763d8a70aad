namespace MeshActors.WebRtc.Ice.Mdns;

/// <summary>Settings of an <see cref="MdnsResolver"/>. The defaults suit resolving remote ICE candidates.</summary>
public sealed class MdnsResolverOptions
{
    /// <summary>
    /// How long one lookup waits for an answer before completing with null. Default 1.5 s: long enough
    /// for three queries on a busy LAN, short enough that ICE falls back to peer-reflexive discovery
    /// before its checks time out.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// Gaps between the first query and each retransmission, in order. Default 250 ms then 500 ms, so
    /// queries go out at 0, 0.25 and 0.75 s (doubling as RFC 6762 §5.2 asks, starting faster because
    /// a candidate lookup is a one-shot query, §5.1). Retransmissions after <see cref="Timeout"/> are not sent.
    /// </summary>
    public IReadOnlyList<TimeSpan> RetransmitIntervals { get; init; } = [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500)];

    /// <summary>Ask for AAAA (IPv6) records as well as A. Default true; an IPv4 answer is preferred when both arrive together.</summary>
    public bool QueryIPv6 { get; init; } = true;

    /// <summary>
    /// Try to listen on port 5353 (shared, group joined) and receive multicast answers. Default true.
    /// When false, or when 5353 cannot be bound, queries go out from an ephemeral port with the QU bit and
    /// responders answer by unicast (RFC 6762 §5.4, §6.7).
    /// </summary>
    public bool UseMulticastPort { get; init; } = true;

    /// <summary>Most names kept in the answer cache. Default 1024. Only names this resolver looked up are cached.</summary>
    public int MaxCacheEntries { get; init; } = 1024;

    internal void Validate()
    {
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The mDNS lookup timeout must be positive and at most one day.");
        }
        ArgumentNullException.ThrowIfNull(RetransmitIntervals, nameof(RetransmitIntervals));
        foreach (var interval in RetransmitIntervals)
        {
            if (interval <= TimeSpan.Zero || interval > TimeSpan.FromDays(1))
            {
                throw new ArgumentOutOfRangeException(nameof(RetransmitIntervals), interval, "Every mDNS retransmit interval must be positive and at most one day.");
            }
        }
        if (MaxCacheEntries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCacheEntries), MaxCacheEntries, "The mDNS cache size cannot be negative.");
        }
    }
}
