using System.Security.Cryptography;
using System.Text;
using MeshActors.WebRtc.Sdp;

namespace MeshActors.WebRtc.Tests.Sdp;

/// <summary>The fixed local parameters behind the meshactors-*.sdp files in Captures/.</summary>
internal static class SdpSamples
{
    public static SdpLocalParameters Local { get; } = new()
    {
        IceUfrag = "MeshActorsUfrag1",
        IcePwd = "MeshActorsIcePassword0123456789+/",
        Fingerprint = SdpFingerprint.FromDigest("sha-256", SHA256.HashData(Encoding.ASCII.GetBytes("MeshActors SDP sample certificate"))),
        SessionId = 7266115418409231041,
        Candidates = ["1 1 udp 2130706431 127.0.0.1 50000 typ host"],
        EndOfCandidates = true,
    };

    /// <summary>The minimal valid prefix: version, origin, session name, timing.</summary>
    public const string Header = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    /// <summary>A data-channel section with everything an answerer needs at media level.</summary>
    public const string DataSection =
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
        + "c=IN IP4 0.0.0.0\r\n"
        + "a=ice-ufrag:abcd\r\n"
        + "a=ice-pwd:abcdefghijklmnopqrstuv\r\n"
        + "a=fingerprint:sha-256 AB:CD\r\n"
        + "a=setup:actpass\r\n"
        + "a=mid:0\r\n"
        + "a=sctp-port:5000\r\n";
}
