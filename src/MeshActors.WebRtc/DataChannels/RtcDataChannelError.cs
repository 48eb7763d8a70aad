namespace MeshActors.WebRtc.DataChannels;

/// <summary>What failed, named after the W3C <c>RTCErrorDetailType</c> values a data channel reports.</summary>
public enum RtcErrorDetailType
{
    /// <summary>"data-channel-failure": the channel could not be opened or was refused by the peer.</summary>
    DataChannelFailure,

    /// <summary>"sctp-failure": the SCTP association was aborted or failed; every channel closes.</summary>
    SctpFailure,
}

/// <summary>The payload of <see cref="RtcDataChannel.Error"/> (W3C <c>RTCErrorEvent</c>).</summary>
/// <param name="Detail">What failed.</param>
/// <param name="Message">A readable description.</param>
public sealed record RtcDataChannelError(RtcErrorDetailType Detail, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Detail}: {Message}";
}
