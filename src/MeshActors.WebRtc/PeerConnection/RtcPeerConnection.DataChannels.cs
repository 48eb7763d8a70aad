namespace MeshActors.WebRtc;

public sealed partial class RtcPeerConnection
{
    private void OnDtlsConnected()
    {
    }

    private void OnDtlsEnded()
    {
    }

    private void CloseDataChannels()
    {
    }
}
