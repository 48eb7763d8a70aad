namespace MeshActors.Peers;

/// <summary>
/// State of one data channel: Godot's <c>WebRTCDataChannel.ChannelState</c> (reference/godot.md §3.2),
/// which is the W3C <c>RTCDataChannelState</c> in the same order.
/// </summary>
internal enum LinkChannelState
{
    Connecting = 0,
    Open = 1,
    Closing = 2,
    Closed = 3,
}
