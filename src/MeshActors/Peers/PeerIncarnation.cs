namespace MeshActors.Peers;

/// <summary>
/// Numbers each addition of a peer, process-wide, so that events about a removed peer are never
/// mistaken for a newer peer with the same id.
/// </summary>
internal static class PeerIncarnation
{
    private static long s_last;

    public static long Next() => Interlocked.Increment(ref s_last);
}
