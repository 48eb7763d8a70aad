namespace MeshActors.Hosting;

/// <summary>
/// Registry key of the hosted mesh's actor: <c>IRequiredActor&lt;WebRtcMeshActor&gt;</c> (or
/// <c>ActorRegistry.Get&lt;WebRtcMeshActor&gt;()</c>) resolves the actor that owns the hosted
/// <see cref="Multiplayer.WebRtcMultiplayerPeer"/>'s peer table; watch it to learn when the mesh stops.
/// </summary>
public sealed class WebRtcMeshActor
{
    private WebRtcMeshActor()
    {
    }
}
