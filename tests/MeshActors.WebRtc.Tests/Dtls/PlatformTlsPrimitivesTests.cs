using System.Security.Cryptography;
using System.Text;
using MeshActors.WebRtc.Dtls;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace MeshActors.WebRtc.Tests.Dtls;

/// <summary>
/// The handshake's hash, PRF and AES-GCM on the platform, checked byte for byte against BouncyCastle's managed ones.
/// </summary>
public sealed class PlatformTlsPrimitivesTests
{
    private static readonly BcTlsCrypto BouncyCastle = new(new SecureRandom());

    [Theory]
    [InlineData(PrfAlgorithm.tls_prf_sha256, 12)] // verify_data
    [InlineData(PrfAlgorithm.tls_prf_sha256, 40)] // AES-128-GCM key block
    [InlineData(PrfAlgorithm.tls_prf_sha256, 48)] // master secret
    [InlineData(PrfAlgorithm.tls_prf_sha256, 100)]
    [InlineData(PrfAlgorithm.tls_prf_sha384, 48)]
    public void Prf_matches_bouncycastles_and_derived_secrets_keep_using_the_platform(int prf, int length)
    {
        var secret = RandomNumberGenerator.GetBytes(48);
        var seed = RandomNumberGenerator.GetBytes(64);
        var ours = new DotNetTlsSecret(BouncyCastle, (byte[])secret.Clone()).DeriveUsingPrf(prf, "master secret", seed, length);
        var theirs = BouncyCastle.CreateSecret(secret).DeriveUsingPrf(prf, "master secret", seed, length);
        Assert.IsType<DotNetTlsSecret>(ours);
        var next = ours.DeriveUsingPrf(prf, "key expansion".AsSpan(), seed, 40);
        Assert.IsType<DotNetTlsSecret>(next);
        Assert.Equal(theirs.DeriveUsingPrf(prf, "key expansion", seed, 40).Extract(), next.Extract());
        Assert.Equal(theirs.Extract(), ours.Extract());
    }

    [Theory]
    [InlineData(CryptoHashAlgorithm.sha256)]
    [InlineData(CryptoHashAlgorithm.sha384)]
    [InlineData(CryptoHashAlgorithm.sha1)]
    public void Running_hash_matches_bouncycastles_clones_independently_and_resets_when_calculated(int algorithm)
    {
        var ours = new DtlsTlsCrypto(new SecureRandom()).CreateHash(algorithm);
        var theirs = BouncyCastle.CreateHash(algorithm);
        Assert.IsType<DotNetTlsHash>(ours);
        var first = Encoding.ASCII.GetBytes("ClientHello ServerHello Certificate");
        ours.Update(first, 0, first.Length);
        theirs.Update(first, 0, first.Length);
        var fork = ours.CloneHash();
        var theirFork = theirs.CloneHash();
        var second = Encoding.ASCII.GetBytes("ClientKeyExchange");
        ours.Update(second);
        theirs.Update(second);
        Assert.Equal(theirFork.CalculateHash(), fork.CalculateHash());
        Assert.Equal(theirs.CalculateHash(), ours.CalculateHash());
        Assert.Equal(theirs.CalculateHash(), ours.CalculateHash()); // both were reset: the hash of nothing
        ours.Update(first);
        ours.Reset();
        Assert.Equal(theirs.CalculateHash(), ours.CalculateHash());
    }

    [Fact]
    public void Aes_gcm_records_match_bouncycastles_gcm_and_a_tampered_one_is_bad_record_mac()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var aad = RandomNumberGenerator.GetBytes(13);
        var plaintext = RandomNumberGenerator.GetBytes(40);
        var sealer = new DotNetAesGcmCipherImpl(encrypting: true);
        sealer.SetKey(key, 0, key.Length);
        sealer.Init(nonce, 16, aad);
        var sealedRecord = new byte[sealer.GetOutputSize(plaintext.Length)];
        Assert.Equal(56, sealer.DoFinal(plaintext, 0, plaintext.Length, sealedRecord, 0));

        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(true, new AeadParameters(new KeyParameter(key), 128, nonce, aad));
        var expected = new byte[gcm.GetOutputSize(plaintext.Length)];
        gcm.DoFinal(expected, gcm.ProcessBytes(plaintext, 0, plaintext.Length, expected, 0));
        Assert.Equal(expected, sealedRecord);

        var opener = new DotNetAesGcmCipherImpl(encrypting: false);
        opener.SetKey(key);
        opener.Init(nonce, 16, aad);
        var opened = new byte[opener.GetOutputSize(sealedRecord.Length)];
        Assert.Equal(40, opener.DoFinal(sealedRecord, 0, sealedRecord.Length, opened, 0));
        Assert.Equal(plaintext, opened);

        sealedRecord[3] ^= 0x10;
        var alert = Assert.Throws<TlsFatalAlert>(() => opener.DoFinal(sealedRecord, 0, sealedRecord.Length, opened, 0));
        Assert.Equal(AlertDescription.bad_record_mac, alert.AlertDescription);
        alert = Assert.Throws<TlsFatalAlert>(() => opener.DoFinal(sealedRecord, 0, 15, opened, 0));
        Assert.Equal(AlertDescription.bad_record_mac, alert.AlertDescription);
    }
}
