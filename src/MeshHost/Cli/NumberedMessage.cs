using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MeshHost.Cli;

/// <summary>
/// The numbered messages of <c>peer --send</c> and <c>bench</c>: binary message i is i as 4 bytes big-endian followed
/// by (i + 7j) &amp; 0xFF at byte j; text message i is "&lt;i&gt;:" followed by letters. Both ends can check every byte
/// (the Chromium interop tests' page script follows the same rule).
/// </summary>
internal static class NumberedMessage
{
    public static byte[] Binary(int index, int size)
    {
        var b = new byte[Math.Max(size, 4)];
        BinaryPrimitives.WriteInt32BigEndian(b, index);
        for (var j = 4; j < b.Length; j++)
        {
            b[j] = (byte)(index + (7 * j));
        }
        return b;
    }

    public static string Text(int index, int size)
    {
        var head = index.ToString(CultureInfo.InvariantCulture) + ":";
        var b = new StringBuilder(head, Math.Max(size, head.Length));
        for (var j = head.Length; j < size; j++)
        {
            b.Append((char)('a' + ((index + j) % 26)));
        }
        return b.ToString();
    }

    /// <summary>The index of <paramref name="data"/> if it is exactly binary message i of <paramref name="size"/>; -1 otherwise.</summary>
    public static int CheckBinary(ReadOnlySpan<byte> data, int size)
    {
        if (data.Length != Math.Max(size, 4))
        {
            return -1;
        }
        var index = BinaryPrimitives.ReadInt32BigEndian(data);
        for (var j = 4; j < data.Length; j++)
        {
            if (data[j] != (byte)(index + (7 * j)))
            {
                return -1;
            }
        }
        return index;
    }

    /// <summary>The index of <paramref name="text"/> if it is exactly text message i of <paramref name="size"/>; -1 otherwise.</summary>
    public static int CheckText(string text, int size)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return -1;
        }
        return text == Text(index, size) ? index : -1;
    }
}
