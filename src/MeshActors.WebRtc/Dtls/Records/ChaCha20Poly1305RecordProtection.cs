using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// ChaCha20-Poly1305 records (RFC 7905 §2) on .NET's <see cref="ChaCha20Poly1305"/>:
/// <code>
/// fragment = ciphertext | tag (16)          (no explicit nonce)
/// nonce    = write_IV (12) XOR (0^32 | epoch-and-sequence (64))
/// </code>
/// Allocation-free per record. Only used when <see cref="ChaCha20Poly1305.IsSupported"/>.
/// </summary>
internal sealed class ChaCha20Poly1305RecordProtection : IDtlsRecordProtection
{
    /// <summary>Poly1305 tag length (RFC 7905 §2).</summary>
    private const int TagLength = 16;

    /// <summary>fixed_iv_length of the ChaCha20-Poly1305 suites (RFC 7905 §2).</summary>
    private const int IvLength = 12;

    private readonly ChaCha20Poly1305 _write;
    private readonly ChaCha20Poly1305 _read;
    private readonly byte[] _writeIv;
    private readonly byte[] _readIv;

    public ChaCha20Poly1305RecordProtection(int cipherSuite, ReadOnlySpan<byte> writeKey, ReadOnlySpan<byte> writeIv,
        ReadOnlySpan<byte> readKey, ReadOnlySpan<byte> readIv)
    {
        CipherSuite = cipherSuite;
        _write = new ChaCha20Poly1305(writeKey);
        _read = new ChaCha20Poly1305(readKey);
        _writeIv = writeIv[..IvLength].ToArray();
        _readIv = readIv[..IvLength].ToArray();
    }

    public int CipherSuite { get; }

    public int GetPlaintextLimit(int fragmentLimit) => fragmentLimit - TagLength;

    public int Seal(ulong epochAndSequence, DtlsContentType type, ReadOnlySpan<byte> plaintext, Span<byte> fragment)
    {
        Span<byte> nonce = stackalloc byte[IvLength];
        Span<byte> aad = stackalloc byte[AeadAdditionalData.Length];
        MakeNonce(_writeIv, epochAndSequence, nonce);
        AeadAdditionalData.Write(aad, epochAndSequence, type, plaintext.Length);
        _write.Encrypt(nonce, plaintext, fragment[..plaintext.Length], fragment.Slice(plaintext.Length, TagLength), aad);
        return plaintext.Length + TagLength;
    }

    public int Open(ulong epochAndSequence, DtlsContentType type, ReadOnlySpan<byte> fragment, Span<byte> plaintext)
    {
        var length = fragment.Length - TagLength;
        if (length < 0 || length > plaintext.Length)
        {
            return -1;
        }
        Span<byte> nonce = stackalloc byte[IvLength];
        Span<byte> aad = stackalloc byte[AeadAdditionalData.Length];
        MakeNonce(_readIv, epochAndSequence, nonce);
        AeadAdditionalData.Write(aad, epochAndSequence, type, length);
        try
        {
            _read.Decrypt(nonce, fragment[..length], fragment.Slice(length, TagLength), plaintext[..length], aad);
        }
        catch (CryptographicException)
        {
            return -1;
        }
        return length;
    }

    public void Dispose()
    {
        _write.Dispose();
        _read.Dispose();
    }

    private static void MakeNonce(byte[] iv, ulong epochAndSequence, Span<byte> nonce)
    {
        iv.CopyTo(nonce);
        var tail = BinaryPrimitives.ReadUInt64BigEndian(nonce[4..]) ^ epochAndSequence;
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], tail);
    }
}
