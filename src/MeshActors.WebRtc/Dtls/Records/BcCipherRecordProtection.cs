using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// Records protected by the cipher BouncyCastle built for the handshake (used for AES_128_CBC_SHA, RFC 5246
/// §6.2.3.2, with encrypt-then-MAC when negotiated, RFC 7366, and for ChaCha20-Poly1305 where .NET lacks it).
/// BouncyCastle allocates per record; the AEAD suites normally run on <see cref="AesGcmRecordProtection"/>.
/// </summary>
internal sealed class BcCipherRecordProtection : IDtlsRecordProtection
{
    private readonly TlsCipher _cipher;
    private byte[] _scratch = new byte[2048];

    public BcCipherRecordProtection(int cipherSuite, TlsCipher cipher)
    {
        CipherSuite = cipherSuite;
        _cipher = cipher;
    }

    public int CipherSuite { get; }

    public int GetPlaintextLimit(int fragmentLimit) => _cipher.GetPlaintextLimit(fragmentLimit);

    public int Seal(ulong epochAndSequence, DtlsContentType type, ReadOnlySpan<byte> plaintext, Span<byte> fragment)
    {
        var encoded = _cipher.EncodePlaintext((long)epochAndSequence, (short)type, ProtocolVersion.DTLSv12, 0, plaintext);
        encoded.buf.AsSpan(encoded.off, encoded.len).CopyTo(fragment);
        return encoded.len;
    }

    public int Open(ulong epochAndSequence, DtlsContentType type, ReadOnlySpan<byte> fragment, Span<byte> plaintext)
    {
        if (_scratch.Length < fragment.Length)
        {
            _scratch = new byte[fragment.Length];
        }
        fragment.CopyTo(_scratch);
        TlsDecodeResult decoded;
        try
        {
            decoded = _cipher.DecodeCiphertext((long)epochAndSequence, (short)type, ProtocolVersion.DTLSv12, _scratch, 0,
                fragment.Length);
        }
        catch (Exception ex) when (ex is TlsFatalAlert or IOException or ArgumentException or InvalidOperationException
                                       or IndexOutOfRangeException)
        {
            return -1;
        }
        if (decoded.len > plaintext.Length || decoded.contentType != (short)type)
        {
            return -1;
        }
        decoded.buf.AsSpan(decoded.off, decoded.len).CopyTo(plaintext);
        return decoded.len;
    }

    public void Dispose()
    {
    }
}
