using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// AES-128-GCM records (RFC 5288 §3, RFC 5246 §6.2.3.3) on .NET's <see cref="AesGcm"/>:
/// <code>
/// fragment = nonce_explicit (8) | ciphertext | tag (16)
/// nonce    = salt (4, client/server_write_IV from the key block) | nonce_explicit (8)
/// </code>
/// The explicit nonce written here is the record's epoch-and-sequence, unique per key as RFC 5288 §3 requires.
/// Allocation-free per record.
/// </summary>
internal sealed class AesGcmRecordProtection : IDtlsRecordProtection
{
    /// <summary>record_iv_length of AES-GCM (RFC 5288 §3).</summary>
    private const int ExplicitNonceLength = 8;

    /// <summary>Tag length of the TLS AES-GCM suites (RFC 5288 §3).</summary>
    private const int TagLength = 16;

    /// <summary>fixed_iv_length / salt of AES-GCM (RFC 5288 §3).</summary>
    private const int SaltLength = 4;

    private readonly AesGcm _write;
    private readonly AesGcm _read;
    private readonly byte[] _writeSalt;
    private readonly byte[] _readSalt;

    public AesGcmRecordProtection(int cipherSuite, ReadOnlySpan<byte> writeKey, ReadOnlySpan<byte> writeSalt,
        ReadOnlySpan<byte> readKey, ReadOnlySpan<byte> readSalt)
    {
        CipherSuite = cipherSuite;
        _write = new AesGcm(writeKey, TagLength);
        _read = new AesGcm(readKey, TagLength);
        _writeSalt = writeSalt[..SaltLength].ToArray();
        _readSalt = readSalt[..SaltLength].ToArray();
    }

    public int CipherSuite { get; }

    public int GetPlaintextLimit(int fragmentLimit) => fragmentLimit - ExplicitNonceLength - TagLength;

    public int Seal(ulong epochAndSequence, DtlsContentType type, ReadOnlySpan<byte> plaintext, Span<byte> fragment)
    {
        Span<byte> nonce = stackalloc byte[SaltLength + ExplicitNonceLength];
        Span<byte> aad = stackalloc byte[AeadAdditionalData.Length];
        _writeSalt.CopyTo(nonce);
        BinaryPrimitives.WriteUInt64BigEndian(nonce[SaltLength..], epochAndSequence);
        AeadAdditionalData.Write(aad, epochAndSequence, type, plaintext.Length);
        nonce[SaltLength..].CopyTo(fragment);
        _write.Encrypt(nonce, plaintext, fragment.Slice(ExplicitNonceLength, plaintext.Length),
            fragment.Slice(ExplicitNonceLength + plaintext.Length, TagLength), aad);
        return ExplicitNonceLength + plaintext.Length + TagLength;
    }

    public int Open(ulong epochAndSequence, DtlsContentType type, ReadOnlySpan<byte> fragment, Span<byte> plaintext)
    {
        var length = fragment.Length - ExplicitNonceLength - TagLength;
        if (length < 0 || length > plaintext.Length)
        {
            return -1;
        }
        Span<byte> nonce = stackalloc byte[SaltLength + ExplicitNonceLength];
        Span<byte> aad = stackalloc byte[AeadAdditionalData.Length];
        _readSalt.CopyTo(nonce);
        fragment[..ExplicitNonceLength].CopyTo(nonce[SaltLength..]);
        AeadAdditionalData.Write(aad, epochAndSequence, type, length);
        try
        {
            _read.Decrypt(nonce, fragment.Slice(ExplicitNonceLength, length),
                fragment.Slice(ExplicitNonceLength + length, TagLength), plaintext[..length], aad);
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
}
