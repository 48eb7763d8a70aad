namespace MeshActors.WebRtc.Tests.Sctp;

/// <summary>Hex helpers for codec vectors: spaces and line breaks are ignored.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "").Replace("\n", "").Replace("|", ""));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
