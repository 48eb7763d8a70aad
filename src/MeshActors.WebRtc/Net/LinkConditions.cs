namespace MeshActors.WebRtc.Net;

/// <summary>
/// Impairments of a <see cref="VirtualNetwork"/> link, applied to each datagram independently
/// with the network's seeded random source. Immutable; build variants with <c>with</c>.
/// </summary>
/// <remarks>
/// Per datagram, in this order: the bottleneck queue when <see cref="BitsPerSecond"/> is set
/// (drop-tail beyond <see cref="MaxQueueDelay"/>; otherwise the datagram waits its turn and takes
/// its serialization time), loss (dropped), duplication (a second copy travels independently),
/// then per copy delay = queueing + <see cref="Delay"/> + uniform [0, <see cref="Jitter"/>), plus
/// <see cref="ReorderDelay"/> when chosen for reordering. Jitter alone can reorder datagrams sent
/// closer together than the jitter, as on real paths.
/// </remarks>
public sealed record LinkConditions
{
    /// <summary>A link that delivers everything instantly, once, in order.</summary>
    public static LinkConditions Perfect { get; } = new();

    /// <summary>Probability in [0, 1] that a datagram is lost.</summary>
    public double LossRate { get; init => field = CheckRate(value, nameof(LossRate)); }

    /// <summary>Probability in [0, 1] that a delivered datagram arrives twice.</summary>
    public double DuplicateRate { get; init => field = CheckRate(value, nameof(DuplicateRate)); }

    /// <summary>Probability in [0, 1] that a datagram is held back by <see cref="ReorderDelay"/> so later ones overtake it.</summary>
    public double ReorderRate { get; init => field = CheckRate(value, nameof(ReorderRate)); }

    /// <summary>Extra delay of a reordered datagram; 10 ms unless set.</summary>
    public TimeSpan ReorderDelay { get; init => field = CheckTime(value, nameof(ReorderDelay)); } = TimeSpan.FromMilliseconds(10);

    /// <summary>One-way base delay.</summary>
    public TimeSpan Delay { get; init => field = CheckTime(value, nameof(Delay)); }

    /// <summary>Upper bound of the uniformly random extra delay added to each datagram.</summary>
    public TimeSpan Jitter { get; init => field = CheckTime(value, nameof(Jitter)); }

    /// <summary>
    /// Bottleneck rate of each direction of each host pair, in bits per second, counting IP and
    /// UDP headers; 0 (the default) means unlimited. Models a link that queues and serializes.
    /// </summary>
    public long BitsPerSecond { get; init => field = CheckNonNegative(value, nameof(BitsPerSecond)); }

    /// <summary>
    /// With <see cref="BitsPerSecond"/> set: the longest a datagram may wait in the bottleneck
    /// queue; datagrams that would wait longer are dropped (drop-tail). 100 ms unless set.
    /// </summary>
    public TimeSpan MaxQueueDelay { get; init => field = CheckTime(value, nameof(MaxQueueDelay)); } = TimeSpan.FromMilliseconds(100);

    private static long CheckNonNegative(long value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value, name);
        return value;
    }

    private static double CheckRate(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "A probability must be in [0, 1].");
        }
        return value;
    }

    private static TimeSpan CheckTime(TimeSpan value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, name);
        return value;
    }
}
