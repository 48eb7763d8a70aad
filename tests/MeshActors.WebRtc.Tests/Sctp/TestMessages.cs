namespace MeshActors.WebRtc.Tests.Sctp;

/// <summary>
/// Messages whose bytes can be checked on arrival: the PPID carries the message's index on its stream
/// and every byte is a function of (stream, index, position), so a corrupted, truncated or misplaced
/// message is caught.
/// </summary>
internal static class TestMessages
{
    public static byte[] Create(ushort stream, uint index, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = Pattern(stream, index, i);
        }
        return bytes;
    }

    public static bool IsIntact(ushort stream, uint index, ReadOnlySpan<byte> data, int expectedLength)
    {
        if (data.Length != expectedLength)
        {
            return false;
        }
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] != Pattern(stream, index, i))
            {
                return false;
            }
        }
        return true;
    }

    private static byte Pattern(ushort stream, uint index, int position) =>
        (byte)((position * 131) ^ (position >> 8) ^ (int)(index * 37) ^ (stream * 11) ^ 0x5A);
}
