using System.Collections.Concurrent;
using MeshActors.WebRtc.Ice;
using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Tests.Ice;

/// <summary>Signalling between two transports in tests: credentials, candidates (trickled or all at once), end-of-candidates.</summary>
internal static class TransportHarness
{
    /// <summary>Trickle: each candidate goes to the peer as soon as it is gathered, then end-of-candidates.</summary>
    public static void WireTrickle(IceTransport a, IceTransport b)
    {
        a.SetRemoteParameters(b.LocalParameters);
        b.SetRemoteParameters(a.LocalParameters);
        Forward(a, b);
        Forward(b, a);
    }

    private static void Forward(IceTransport from, IceTransport to)
    {
        // Through the SDP text form, as signalling would carry it.
        from.LocalCandidateGathered += c => Assert.True(to.AddRemoteCandidate(c.ToString()));
        from.GatheringStateChanged += s =>
        {
            if (s == IceGatheringState.Complete)
            {
                to.AddRemoteEndOfCandidates();
            }
        };
    }

    /// <summary>Non-trickle: every candidate and end-of-candidates in one go, after gathering completed.</summary>
    public static void Exchange(IceTransport a, IReadOnlyList<IceCandidate> aCandidates, IceTransport b, IReadOnlyList<IceCandidate> bCandidates)
    {
        a.SetRemoteParameters(b.LocalParameters);
        b.SetRemoteParameters(a.LocalParameters);
        foreach (var c in bCandidates)
        {
            a.AddRemoteCandidate(c);
        }
        foreach (var c in aCandidates)
        {
            b.AddRemoteCandidate(c);
        }
        a.AddRemoteEndOfCandidates();
        b.AddRemoteEndOfCandidates();
    }

    public static bool Connected(IceTransport t) => t.State is IceConnectionState.Connected or IceConnectionState.Completed;
}

/// <summary>Collects what an IDatagramTransport delivers.</summary>
internal sealed class Inbox : IDatagramReceiver
{
    public ConcurrentQueue<byte[]> Received { get; } = new();

    public SerialExecutor? ExpectedExecutor { get; init; }

    public int WrongThread;

    public void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        if (ExpectedExecutor is not null && !ExpectedExecutor.IsCurrent)
        {
            Interlocked.Increment(ref WrongThread);
        }
        Received.Enqueue(datagram.ToArray());
    }
}
