namespace MeshActors.WebRtc.Ice;

/// <summary>Timers and limits of an <see cref="IceAgent"/>. Defaults follow RFC 8445 and RFC 7675.</summary>
public sealed record IceAgentOptions
{
    /// <summary>The defaults.</summary>
    public static IceAgentOptions Default { get; } = new();

    /// <summary>Pacing: one new check (ordinary or triggered) per Ta (RFC 8445 §14.2: 50 ms default).</summary>
    public TimeSpan Ta { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>First retransmission timeout of a check (RFC 8445 §14.3: at least 500 ms), doubled per retry.</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of the doubled retransmission timeout, so an unanswered pair fails in ~15 s rather than 39.5 s.</summary>
    public TimeSpan MaxRto { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Requests sent per check before it fails (RFC 8489 §6.2.1 Rc = 7).</summary>
    public int MaxCheckAttempts { get; init; } = 7;

    /// <summary>Requests sent to a STUN server per server-reflexive gathering before giving up.</summary>
    public int MaxGatherAttempts { get; init; } = 4;

    /// <summary>
    /// Controlling agent: longest wait, after the first valid pair, for better pairs to succeed
    /// before nominating the best valid one (regular nomination, RFC 8445 §8.1.1).
    /// </summary>
    public TimeSpan NominationDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Mean interval of consent checks on the selected pair (RFC 7675 §5.1: 5 s).</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Randomization of the consent interval, ± this fraction (RFC 7675 §5.1: 0.8..1.2 × interval).</summary>
    public double ConsentJitter { get; init; } = 0.2;

    /// <summary>No consent response for this long: <see cref="IceConnectionState.Disconnected"/>.</summary>
    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(7.5);

    /// <summary>No consent response for this long: consent expired, <see cref="IceConnectionState.Failed"/> (RFC 7675 §5.1: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most remote candidates (signalled and peer-reflexive) kept; more are dropped and counted.</summary>
    public int MaxRemoteCandidates { get; init; } = 64;

    /// <summary>Most candidate pairs in the checklist (RFC 8445 §6.1.2.5 recommends a limit, 100).</summary>
    public int MaxPairs { get; init; } = 100;

    /// <summary>Seed of the consent-interval randomization (tests fix it for determinism); null = random.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        Positive(Ta, nameof(Ta));
        Positive(InitialRto, nameof(InitialRto));
        if (MaxRto < InitialRto)
        {
            throw new ArgumentException("MaxRto must be at least InitialRto.", nameof(MaxRto));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCheckAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxGatherAttempts, 1);
        Positive(ConsentInterval, nameof(ConsentInterval));
        if (ConsentJitter is < 0 or >= 1)
        {
            throw new ArgumentException("ConsentJitter must be in [0, 1).", nameof(ConsentJitter));
        }
        Positive(DisconnectedTimeout, nameof(DisconnectedTimeout));
        if (ConsentTimeout < DisconnectedTimeout)
        {
            throw new ArgumentException("ConsentTimeout must be at least DisconnectedTimeout.", nameof(ConsentTimeout));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRemoteCandidates, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPairs, 1);
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive.", name);
        }
    }
}
