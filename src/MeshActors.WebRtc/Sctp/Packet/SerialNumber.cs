namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Serial number arithmetic (RFC 1982) for TSNs, MIDs (32 bits) and SSNs (16 bits): values wrap, so
/// "less than" means "less than by less than half the number space".
/// </summary>
internal static class SerialNumber
{
    /// <summary>True when <paramref name="a"/> precedes <paramref name="b"/>.</summary>
    public static bool Lt(uint a, uint b) => (int)(a - b) < 0;

    /// <summary>True when <paramref name="a"/> precedes or equals <paramref name="b"/>.</summary>
    public static bool Le(uint a, uint b) => (int)(a - b) <= 0;

    /// <summary>True when <paramref name="a"/> follows <paramref name="b"/>.</summary>
    public static bool Gt(uint a, uint b) => (int)(a - b) > 0;

    /// <summary>True when <paramref name="a"/> follows or equals <paramref name="b"/>.</summary>
    public static bool Ge(uint a, uint b) => (int)(a - b) >= 0;

    /// <summary>The later of two serial numbers.</summary>
    public static uint Max(uint a, uint b) => Gt(a, b) ? a : b;

    /// <summary>True when the 16-bit <paramref name="a"/> precedes <paramref name="b"/>.</summary>
    public static bool Lt16(ushort a, ushort b) => (short)(ushort)(a - b) < 0;

    /// <summary>True when the 16-bit <paramref name="a"/> precedes or equals <paramref name="b"/>.</summary>
    public static bool Le16(ushort a, ushort b) => (short)(ushort)(a - b) <= 0;
}
