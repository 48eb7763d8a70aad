using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MeshActors.Interop.Tests.Harness;

/// <summary>
/// The numbered test messages both ends generate and check (the page has the same rule in
/// <see cref="HarnessScript"/>): text message i is "&lt;i&gt;:" followed by letters up to the size;
/// binary message i is i as 4 bytes big-endian followed by (i + 7j) &amp; 0xFF at byte j.
/// </summary>
internal static class MessagePattern
{
    public static string Text(int index, int size)
    {
        var head = index.ToString(CultureInfo.InvariantCulture) + ":";
        if (size <= head.Length)
        {
            return head;
        }
        var b = new StringBuilder(head, size);
        for (var j = head.Length; j < size; j++)
        {
            b.Append((char)('a' + ((index + j) % 26)));
        }
        return b.ToString();
    }

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

    /// <summary>The index of a text message if it is exactly message i of <paramref name="size"/>; -1 when corrupt.</summary>
    public static int CheckText(string message, int size)
    {
        var colon = message.IndexOf(':');
        if (colon <= 0 || !int.TryParse(message.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var i))
        {
            return -1;
        }
        return message == Text(i, size) ? i : -1;
    }

    /// <summary>The index of a binary message if it is exactly message i of <paramref name="size"/>; -1 when corrupt.</summary>
    public static int CheckBinary(ReadOnlySpan<byte> message, int size)
    {
        if (message.Length < 4 || message.Length != Math.Max(size, 4))
        {
            return -1;
        }
        var i = BinaryPrimitives.ReadInt32BigEndian(message);
        for (var j = 4; j < message.Length; j++)
        {
            if (message[j] != (byte)(i + (7 * j)))
            {
                return -1;
            }
        }
        return i;
    }
}
