using System.Security.Cryptography;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// A BouncyCastle TLS secret whose PRF (RFC 5246 §5: the master secret, the key block, Finished's verify_data) runs
/// HMAC on the platform instead of BouncyCastle's managed digests; secrets derived from it are of this kind too.
/// Hash functions the platform does not offer here stay on BouncyCastle.
/// </summary>
internal sealed class DotNetTlsSecret(BcTlsCrypto crypto, byte[] data) : BcTlsSecret(crypto, data)
{
    private readonly BcTlsCrypto _crypto = crypto;

    public override TlsSecret DeriveUsingPrf(int prfAlgorithm, string label, byte[] seed, int length)
    {
        lock (this)
        {
            CheckAlive();
            return new DotNetTlsSecret(_crypto, Prf(prfAlgorithm, label, seed, length));
        }
    }

    public override TlsSecret DeriveUsingPrf(int prfAlgorithm, ReadOnlySpan<char> label, ReadOnlySpan<byte> seed, int length)
    {
        lock (this)
        {
            CheckAlive();
            return new DotNetTlsSecret(_crypto, Prf(prfAlgorithm, label, seed, length));
        }
    }

    /// <summary>P_hash(secret, seed) of RFC 5246 §5, filling <paramref name="output"/>.</summary>
    protected override void HmacHash(int cryptoHashAlgorithm, byte[] secret, int secretOff, int secretLen, byte[] seed, byte[] output)
    {
        if (DotNetTlsHash.Name(cryptoHashAlgorithm) is not { } name)
        {
            base.HmacHash(cryptoHashAlgorithm, secret, secretOff, secretLen, seed, output);
            return;
        }
        using var hmac = IncrementalHash.CreateHMAC(name, secret.AsSpan(secretOff, secretLen));
        Span<byte> a = stackalloc byte[hmac.HashLengthInBytes]; // A(i) = HMAC(secret, A(i-1)), A(0) = seed
        Span<byte> block = stackalloc byte[hmac.HashLengthInBytes];
        hmac.AppendData(seed);
        hmac.GetHashAndReset(a);
        for (var offset = 0; offset < output.Length; offset += block.Length)
        {
            hmac.AppendData(a);
            hmac.AppendData(seed);
            hmac.GetHashAndReset(block);
            block[..Math.Min(block.Length, output.Length - offset)].CopyTo(output.AsSpan(offset));
            hmac.AppendData(a);
            hmac.GetHashAndReset(a);
        }
        block.Clear();
        a.Clear();
    }
}
