namespace MeshActors.Peers;

/// <summary>
/// State of a peer's connection as the mesh sees it: Godot's <c>WebRTCPeerConnection.ConnectionState</c>
/// (reference/godot.md §3.1), which is the W3C <c>RTCPeerConnectionState</c> in the same order.
/// </summary>
internal enum LinkConnectionState
{
    New = 0,
    Connecting = 1,
    Connected = 2,
    Disconnected = 3,
    Failed = 4,
    Closed = 5,
}
