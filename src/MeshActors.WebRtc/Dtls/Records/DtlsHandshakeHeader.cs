using System.Buffers.Binary;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// The DTLS handshake message header (RFC 6347 §4.2.2), 12 bytes in front of every handshake fragment:
/// <code>
/// | msg_type (8) | length (24) | message_seq (16) | fragment_offset (24) | fragment_length (24) | body …
/// </code>
/// Handshake types used here (RFC 5246 §7.4): client_hello 1, server_hello 2, hello_verify_request 3,
/// certificate 11, server_key_exchange 12, certificate_request 13, server_hello_done 14,
/// certificate_verify 15, client_key_exchange 16, finished 20.
/// </summary>
public readonly struct DtlsHandshakeHeader
{
    /// <summary>Bytes in a handshake header (RFC 6347 §4.2.2).</summary>
    public const int HeaderLength = 12;

    /// <summary>client_hello (1).</summary>
    public const byte ClientHello = 1;

    /// <summary>server_hello (2).</summary>
    public const byte ServerHello = 2;

    /// <summary>hello_verify_request (3).</summary>
    public const byte HelloVerifyRequest = 3;

    /// <summary>certificate (11).</summary>
    public const byte Certificate = 11;

    /// <summary>server_key_exchange (12).</summary>
    public const byte ServerKeyExchange = 12;

    /// <summary>certificate_request (13).</summary>
    public const byte CertificateRequest = 13;

    /// <summary>server_hello_done (14).</summary>
    public const byte ServerHelloDone = 14;

    /// <summary>certificate_verify (15).</summary>
    public const byte CertificateVerify = 15;

    /// <summary>client_key_exchange (16).</summary>
    public const byte ClientKeyExchange = 16;

    /// <summary>finished (20).</summary>
    public const byte Finished = 20;

    /// <summary>Creates a header.</summary>
    public DtlsHandshakeHeader(byte messageType, int length, ushort messageSequence, int fragmentOffset, int fragmentLength)
    {
        MessageType = messageType;
        Length = length;
        MessageSequence = messageSequence;
        FragmentOffset = fragmentOffset;
        FragmentLength = fragmentLength;
    }

    /// <summary>The handshake message type.</summary>
    public byte MessageType { get; }

    /// <summary>Length of the whole message body.</summary>
    public int Length { get; }

    /// <summary>The message's sequence number within the handshake.</summary>
    public ushort MessageSequence { get; }

    /// <summary>Where this fragment starts in the body.</summary>
    public int FragmentOffset { get; }

    /// <summary>Bytes of body in this fragment.</summary>
    public int FragmentLength { get; }

    /// <summary>True when the fragment is the whole message.</summary>
    public bool IsComplete => FragmentOffset == 0 && FragmentLength == Length;

    /// <summary>Reads a header; false when fewer than 12 bytes, the fragment lies outside the message, or the fragment is truncated.</summary>
    public static bool TryRead(ReadOnlySpan<byte> input, out DtlsHandshakeHeader header)
    {
        header = default;
        if (input.Length < HeaderLength)
        {
            return false;
        }
        var length = ReadUInt24(input[1..]);
        var offset = ReadUInt24(input[6..]);
        var fragmentLength = ReadUInt24(input[9..]);
        if (offset + fragmentLength > length || input.Length - HeaderLength < fragmentLength)
        {
            return false;
        }
        header = new DtlsHandshakeHeader(input[0], length, BinaryPrimitives.ReadUInt16BigEndian(input[4..]), offset, fragmentLength);
        return true;
    }

    /// <summary>Bytes <see cref="Write"/> writes.</summary>
    public int GetLength() => HeaderLength;

    /// <summary>Writes the 12 header bytes.</summary>
    public void Write(Span<byte> destination)
    {
        destination[0] = MessageType;
        WriteUInt24(destination[1..], Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], MessageSequence);
        WriteUInt24(destination[6..], FragmentOffset);
        WriteUInt24(destination[9..], FragmentLength);
    }

    private static int ReadUInt24(ReadOnlySpan<byte> b) => (b[0] << 16) | (b[1] << 8) | b[2];

    private static void WriteUInt24(Span<byte> b, int value)
    {
        b[0] = (byte)(value >> 16);
        b[1] = (byte)(value >> 8);
        b[2] = (byte)value;
    }
}
