using MeshActors.WebRtc.Sdp;

namespace MeshActors.WebRtc;

/// <summary>
/// The offer/answer state machine of W3C WebRTC §4.3.1 (JSEP RFC 8829 §3.2 figure): which description may be set in
/// which <see cref="RtcSignalingState"/>, and the state that follows. Pure functions; a wrong call throws
/// <see cref="InvalidOperationException"/> with a message that says what was expected.
/// </summary>
/// <remarks>
/// <code>
/// stable            --setLocal(offer)-->     have-local-offer     (again: stays; setLocal(rollback) --> stable)
/// have-local-offer  --setRemote(answer)-->   stable
/// have-local-offer  --setRemote(pranswer)--> have-remote-pranswer --setRemote(answer)--> stable
/// have-local-offer  --setRemote(offer)-->    have-remote-offer    (glare: the local offer is rolled back)
/// stable            --setRemote(offer)-->    have-remote-offer    (again: stays; setRemote(rollback) --> stable)
/// have-remote-offer --setLocal(answer)-->    stable
/// have-remote-offer --setLocal(pranswer)-->  have-local-pranswer  --setLocal(answer)--> stable
/// </code>
/// </remarks>
internal static class SignalingStateMachine
{
    /// <summary>The state after setting a local description of <paramref name="type"/> in <paramref name="state"/>.</summary>
    public static RtcSignalingState AfterSetLocal(RtcSignalingState state, SdpType type) => (state, type) switch
    {
        (RtcSignalingState.Closed, _) => throw Closed(),
        (RtcSignalingState.Stable or RtcSignalingState.HaveLocalOffer, SdpType.Offer) => RtcSignalingState.HaveLocalOffer,
        (RtcSignalingState.HaveRemoteOffer or RtcSignalingState.HaveLocalPranswer, SdpType.Answer) => RtcSignalingState.Stable,
        (RtcSignalingState.HaveRemoteOffer or RtcSignalingState.HaveLocalPranswer, SdpType.Pranswer) => RtcSignalingState.HaveLocalPranswer,
        (RtcSignalingState.HaveLocalOffer, SdpType.Rollback) => RtcSignalingState.Stable,
        _ => throw Wrong("a local", type, state),
    };

    /// <summary>The state after setting a remote description of <paramref name="type"/> in <paramref name="state"/>.</summary>
    public static RtcSignalingState AfterSetRemote(RtcSignalingState state, SdpType type) => (state, type) switch
    {
        (RtcSignalingState.Closed, _) => throw Closed(),
        // A remote offer while a local one is pending (glare) rolls the local offer back first (W3C §4.4.1.5 step 4.6).
        (RtcSignalingState.Stable or RtcSignalingState.HaveRemoteOffer or RtcSignalingState.HaveLocalOffer, SdpType.Offer) => RtcSignalingState.HaveRemoteOffer,
        (RtcSignalingState.HaveLocalOffer or RtcSignalingState.HaveRemotePranswer, SdpType.Answer) => RtcSignalingState.Stable,
        (RtcSignalingState.HaveLocalOffer or RtcSignalingState.HaveRemotePranswer, SdpType.Pranswer) => RtcSignalingState.HaveRemotePranswer,
        (RtcSignalingState.HaveRemoteOffer, SdpType.Rollback) => RtcSignalingState.Stable,
        _ => throw Wrong("a remote", type, state),
    };

    /// <summary>Throws unless an offer may be created: in stable or have-local-offer.</summary>
    public static void CheckCreateOffer(RtcSignalingState state)
    {
        if (state == RtcSignalingState.Closed)
        {
            throw Closed();
        }
        if (state is not (RtcSignalingState.Stable or RtcSignalingState.HaveLocalOffer))
        {
            throw new InvalidOperationException(
                $"Cannot create an offer in signaling state {ToText(state)}: a remote offer is pending; create an answer instead.");
        }
    }

    /// <summary>Throws unless an answer may be created: in have-remote-offer or have-local-pranswer.</summary>
    public static void CheckCreateAnswer(RtcSignalingState state)
    {
        if (state == RtcSignalingState.Closed)
        {
            throw Closed();
        }
        if (state is not (RtcSignalingState.HaveRemoteOffer or RtcSignalingState.HaveLocalPranswer))
        {
            throw new InvalidOperationException(
                $"Cannot create an answer in signaling state {ToText(state)}: set a remote offer first.");
        }
    }

    /// <summary>The W3C text of a state: "stable", "have-local-offer", ….</summary>
    public static string ToText(RtcSignalingState state) => state switch
    {
        RtcSignalingState.Stable => "stable",
        RtcSignalingState.HaveLocalOffer => "have-local-offer",
        RtcSignalingState.HaveRemoteOffer => "have-remote-offer",
        RtcSignalingState.HaveLocalPranswer => "have-local-pranswer",
        RtcSignalingState.HaveRemotePranswer => "have-remote-pranswer",
        _ => "closed",
    };

    private static InvalidOperationException Closed() => new("The connection is closed.");

    private static InvalidOperationException Wrong(string side, SdpType type, RtcSignalingState state) => new(
        $"Cannot set {side} {type.ToText()} in signaling state {ToText(state)}" + Hint(side, type));

    private static string Hint(string side, SdpType type) => (side, type) switch
    {
        ("a local", SdpType.Answer or SdpType.Pranswer) => ": an answer needs a remote offer first.",
        ("a remote", SdpType.Answer or SdpType.Pranswer) => ": an answer needs a local offer first.",
        ("a local", SdpType.Offer) => ": a remote offer is pending (rollback it or answer it).",
        (_, SdpType.Rollback) => ": there is no " + (side == "a local" ? "local" : "remote") + " offer to roll back.",
        _ => ".",
    };
}
