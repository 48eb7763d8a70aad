using Akka.Actor;

namespace MeshActors.Multiplayer;

public sealed partial class WebRtcMultiplayerPeer
{
    /// <summary>The mesh actor of this peer, registered by the hosting extension.</summary>
    internal IActorRef MeshActorRef => _mesh;
}
