using System.Buffers.Binary;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// The type-length-value layout shared by parameters and error causes (RFC 9260 §3.2.1, §3.3.10):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Parameter Type       |       Parameter Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                       Parameter Value                         /
/// </code>
/// The length counts the 4-byte header and the value, not the padding to a multiple of 4.
/// </summary>
internal static class ParameterCodec
{
    public const int HeaderSize = 4;

    /// <summary>Reads a TLV of <paramref name="type"/> at the start of <paramref name="source"/> and returns its value.</summary>
    public static SctpCodecStatus Read(ReadOnlySpan<byte> source, ushort type, int minLength, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (source.Length < HeaderSize)
        {
            return SctpCodecStatus.Truncated;
        }
        if (BinaryPrimitives.ReadUInt16BigEndian(source) != type)
        {
            return SctpCodecStatus.WrongType;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        if (length < minLength || length < HeaderSize)
        {
            return SctpCodecStatus.InvalidLength;
        }
        if (length > source.Length)
        {
            return SctpCodecStatus.Truncated;
        }
        value = source[HeaderSize..length];
        return SctpCodecStatus.Ok;
    }

    /// <summary>Writes a TLV with <paramref name="value"/> and its padding; returns the padded length.</summary>
    public static int Write(Span<byte> destination, ushort type, ReadOnlySpan<byte> value)
    {
        var length = HeaderSize + value.Length;
        WriteHeader(destination, type, length);
        value.CopyTo(destination[HeaderSize..]);
        return Pad(destination, length);
    }

    public static void WriteHeader(Span<byte> destination, ushort type, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], checked((ushort)length));
    }

    public static int Pad(Span<byte> destination, int length) => ChunkCodec.Pad(destination, length);
}
