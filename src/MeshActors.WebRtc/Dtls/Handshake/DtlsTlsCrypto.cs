using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's crypto for one handshake, with hooks: it keeps the epoch-1 key block when BouncyCastle builds its
/// record cipher (so our own record layer can take over after the handshake), it keeps certificates as the exact bytes
/// received (so fingerprints are computed over the DER that was sent, RFC 8122 §5), and it moves the handshake's hot
/// primitives to the platform's native crypto: P-256 ECDHE and ECDSA verification, SHA-2 transcript hashes, the PRF's
/// HMAC and the Finished records' AES-GCM. BouncyCastle's managed versions run unoptimized JIT code for the first
/// handshakes of a process, which made those primitives most of a handshake's time.
/// </summary>
internal sealed class DtlsTlsCrypto(SecureRandom random) : BcTlsCrypto(random)
{
    /// <summary>TLS 1.2's key block label (RFC 5246 §6.3).</summary>
    private const string KeyExpansionLabel = "key expansion";

    private ECDiffieHellman? _preparedP256;
    private bool _ephemeralTaken;

    /// <summary>The key material of the pending epoch, set once the master secret is known.</summary>
    public DtlsKeyMaterial? KeyMaterial { get; private set; }

    /// <summary>The ECDHE group of the key exchange (DTLS 1.2 leaves SecurityParameters.NegotiatedGroup unset).</summary>
    public int KeyExchangeGroup { get; private set; } = -1;

    /// <summary>Why the peer's certificate could not be parsed, when it could not.</summary>
    public Exception? CertificateParseError { get; private set; }

    /// <summary>
    /// Makes this handshake's ephemeral P-256 key pair ahead of time (about 50 µs), for the handshake thread to call
    /// while it waits for the peer's flight: the key exchange then skips that step. Does nothing once made or used.
    /// </summary>
    public void PrepareEphemeralKey()
    {
        if (_preparedP256 is null && !_ephemeralTaken)
        {
            _preparedP256 = DotNetP256Agreement.CreateKeyPair();
        }
    }

    /// <summary>Drops a prepared key pair the handshake did not use (another group, or a failure).</summary>
    public void DiscardPreparedKey()
    {
        _preparedP256?.Dispose();
        _preparedP256 = null;
    }

    public override TlsCipher CreateCipher(TlsCryptoParameters cryptoParams, int encryptionAlgorithm, int macAlgorithm)
    {
        var cipher = base.CreateCipher(cryptoParams, encryptionAlgorithm, macAlgorithm);
        var parameters = cryptoParams.SecurityParameters;

        // Key block (RFC 5246 §6.3) = PRF(master_secret, "key expansion", server_random + client_random):
        // client_write_MAC_key, server_write_MAC_key, client_write_key, server_write_key, client_write_IV,
        // server_write_IV. The AEAD suites have no MAC keys; their IV is the implicit salt / nonce mask.
        var (keyLength, ivLength) = encryptionAlgorithm switch
        {
            EncryptionAlgorithm.AES_128_GCM => (16, 4), // RFC 5288 §3
            EncryptionAlgorithm.CHACHA20_POLY1305 => (32, 12), // RFC 7905 §2
            _ => (0, 0), // other ciphers stay on BouncyCastle's implementation
        };
        byte[]? clientKey = null, serverKey = null, clientIv = null, serverIv = null;
        if (keyLength > 0)
        {
            var seed = new byte[parameters.ServerRandom.Length + parameters.ClientRandom.Length];
            parameters.ServerRandom.CopyTo(seed, 0);
            parameters.ClientRandom.CopyTo(seed, parameters.ServerRandom.Length);
            var block = parameters.MasterSecret
                .DeriveUsingPrf(parameters.PrfAlgorithm, KeyExpansionLabel, seed, 2 * (keyLength + ivLength))
                .Extract();
            clientKey = block.AsSpan(0, keyLength).ToArray();
            serverKey = block.AsSpan(keyLength, keyLength).ToArray();
            clientIv = block.AsSpan(2 * keyLength, ivLength).ToArray();
            serverIv = block.AsSpan((2 * keyLength) + ivLength, ivLength).ToArray();
            Array.Clear(block);
        }
        KeyMaterial = new DtlsKeyMaterial(parameters.CipherSuite, encryptionAlgorithm, cryptoParams.IsServer, cipher,
            clientKey, serverKey, clientIv, serverIv);
        return cipher;
    }

    public override TlsECDomain CreateECDomain(TlsECConfig ecConfig)
    {
        KeyExchangeGroup = ecConfig.NamedGroup;
        // P-256 on the platform's native ECDH; x25519 stays on BouncyCastle (.NET has no X25519).
        return ecConfig.NamedGroup == NamedGroup.secp256r1 ? new DotNetP256Domain(this, TakePreparedP256) : base.CreateECDomain(ecConfig);
    }

    /// <summary>The prepared key pair for the one P-256 agreement of the handshake; later calls get none.</summary>
    private ECDiffieHellman? TakePreparedP256()
    {
        _ephemeralTaken = true;
        var prepared = _preparedP256;
        _preparedP256 = null;
        return prepared;
    }

    /// <summary>SHA-1/SHA-2 on the platform (the handshake transcript and signature inputs); others on BouncyCastle.</summary>
    public override TlsHash CreateHash(int cryptoHashAlgorithm) =>
        DotNetTlsHash.TryCreate(cryptoHashAlgorithm) ?? base.CreateHash(cryptoHashAlgorithm);

    /// <summary>Secrets (the pre-master secret of the P-256 exchange and all derived from it) whose PRF runs on the platform.</summary>
    public override TlsSecret CreateSecret(byte[] data) => new DotNetTlsSecret(this, (byte[])data.Clone());

    /// <summary>AES-GCM for the handshake's own records (Finished) on the platform's <see cref="System.Security.Cryptography.AesGcm"/>.</summary>
    protected override TlsAeadCipher CreateCipher_Aes_Gcm(TlsCryptoParameters cryptoParams, int cipherKeySize, int macSize) =>
        new(cryptoParams, new DotNetAesGcmCipherImpl(encrypting: true), new DotNetAesGcmCipherImpl(encrypting: false), cipherKeySize,
            macSize, TlsAeadCipher.AEAD_GCM);

    public override TlsCertificate CreateCertificate(short type, byte[] encoding)
    {
        if (type != CertificateType.X509)
        {
            return base.CreateCertificate(type, encoding);
        }
        try
        {
            return new RawDerTlsCertificate(this, encoding);
        }
        catch (Exception ex)
        {
            CertificateParseError ??= ex;
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "The certificate is not X.509 DER.", ex);
        }
    }
}

/// <summary>A BouncyCastle certificate that reports the exact bytes it was created from as its encoding.</summary>
internal sealed class RawDerTlsCertificate : BcTlsCertificate
{
    private readonly byte[] _encoding;

    public RawDerTlsCertificate(BcTlsCrypto crypto, byte[] encoding)
        : base(crypto, encoding)
    {
        _encoding = encoding;
    }

    public override byte[] GetEncoded() => (byte[])_encoding.Clone();

    /// <summary>
    /// ECDSA signatures by a P-256 key are checked with the platform's ECDSA (<see cref="DotNetEcdsaVerifier"/>);
    /// anything else with BouncyCastle.
    /// </summary>
    public override TlsVerifier CreateVerifier(short signatureAlgorithm)
    {
        if (signatureAlgorithm == SignatureAlgorithm.ecdsa && IsP256(m_keyInfo))
        {
            ValidateKeyUsage(KeyUsage.DigitalSignature);
            if (DotNetEcdsaVerifier.TryCreate(m_keyInfo.PublicKey.GetBytes()) is { } verifier)
            {
                return verifier;
            }
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "The certificate's P-256 public key is not a valid point.");
        }
        return base.CreateVerifier(signatureAlgorithm);
    }

    private static bool IsP256(SubjectPublicKeyInfo keyInfo) =>
        X9ObjectIdentifiers.IdECPublicKey.Equals(keyInfo.Algorithm.Algorithm)
        && keyInfo.Algorithm.Parameters is DerObjectIdentifier curve
        && SecObjectIdentifiers.SecP256r1.Equals(curve);

    /// <summary>The bytes, not copied: callers must not modify them.</summary>
    internal byte[] RawEncoding => _encoding;
}

/// <summary>Keys of the epoch after the handshake, and BouncyCastle's own cipher for the same keys.</summary>
internal sealed class DtlsKeyMaterial(int cipherSuite, int encryptionAlgorithm, bool isServer, TlsCipher bcCipher,
    byte[]? clientWriteKey, byte[]? serverWriteKey, byte[]? clientWriteIv, byte[]? serverWriteIv)
{
    public int CipherSuite { get; } = cipherSuite;

    public int EncryptionAlgorithm { get; } = encryptionAlgorithm;

    public bool IsServer { get; } = isServer;

    public TlsCipher BcCipher { get; } = bcCipher;

    /// <summary>
    /// Builds the record protection for this side: .NET's AES-GCM / ChaCha20-Poly1305 when the suite is AEAD and
    /// the platform has it, BouncyCastle's cipher otherwise. Clears the copied keys.
    /// </summary>
    public IDtlsRecordProtection CreateProtection()
    {
        try
        {
            if (clientWriteKey is null || serverWriteKey is null || clientWriteIv is null || serverWriteIv is null)
            {
                return new BcCipherRecordProtection(CipherSuite, BcCipher);
            }
            var (writeKey, writeIv, readKey, readIv) = IsServer
                ? (serverWriteKey, serverWriteIv, clientWriteKey, clientWriteIv)
                : (clientWriteKey, clientWriteIv, serverWriteKey, serverWriteIv);
            if (EncryptionAlgorithm == Org.BouncyCastle.Tls.EncryptionAlgorithm.AES_128_GCM)
            {
                return new AesGcmRecordProtection(CipherSuite, writeKey, writeIv, readKey, readIv);
            }
            if (EncryptionAlgorithm == Org.BouncyCastle.Tls.EncryptionAlgorithm.CHACHA20_POLY1305
                && System.Security.Cryptography.ChaCha20Poly1305.IsSupported)
            {
                return new ChaCha20Poly1305RecordProtection(CipherSuite, writeKey, writeIv, readKey, readIv);
            }
            return new BcCipherRecordProtection(CipherSuite, BcCipher);
        }
        finally
        {
            Clear(clientWriteKey);
            Clear(serverWriteKey);
            Clear(clientWriteIv);
            Clear(serverWriteIv);
        }
    }

    private static void Clear(byte[]? key)
    {
        if (key is not null)
        {
            Array.Clear(key);
        }
    }
}
