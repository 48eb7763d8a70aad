using System.Text;
using MeshActors.WebRtc.Ice;
using MeshActors.WebRtc.Stun;

namespace MeshActors.WebRtc.Tests.Ice;

/// <summary>Builds checks the way a peer agent would, for tests that feed one core directly.</summary>
internal static class IceTestMessages
{
    /// <summary>A Binding request from the peer <paramref name="sender"/> to the agent owning <paramref name="receiver"/>.</summary>
    public static byte[] Check(IceParameters receiver, IceParameters sender, bool controlling, ulong tieBreaker, bool useCandidate = false, uint priority = 1862270975, TransactionId? id = null)
    {
        var buffer = new byte[600];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, id ?? TransactionId.NewRandom());
        w.AddUsername(receiver.UsernameFragment + ":" + sender.UsernameFragment);
        w.AddPriority(priority);
        if (controlling)
        {
            w.AddIceControlling(tieBreaker);
        }
        else
        {
            w.AddIceControlled(tieBreaker);
        }
        if (useCandidate)
        {
            w.AddUseCandidate();
        }
        w.AddMessageIntegrity(Encoding.ASCII.GetBytes(receiver.Password));
        w.AddFingerprint();
        return w.Written.ToArray();
    }
}
