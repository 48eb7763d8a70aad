namespace MeshActors.WebRtc.Tests.Sdp.Captures;

/// <summary>One embedded SDP file: its name in this folder and its exact text.</summary>
internal sealed record SdpCapture(string FileName, string Text)
{
    public override string ToString() => FileName;
}
