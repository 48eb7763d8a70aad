using System.Security.Cryptography;
using Org.BouncyCastle.Tls.Crypto;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's running hash (the handshake transcript, signature inputs) on the platform's SHA-2 (native code, fast
/// from the first handshake of a process; BouncyCastle's managed digests run unoptimized JIT code at first).
/// As with BouncyCastle's own, <see cref="CalculateHash"/> resets it.
/// </summary>
internal sealed class DotNetTlsHash : TlsHash
{
    private readonly IncrementalHash _hash;

    private DotNetTlsHash(IncrementalHash hash) => _hash = hash;

    /// <summary>The platform's hash for a BouncyCastle <see cref="CryptoHashAlgorithm"/>, or null for one it leaves to BouncyCastle.</summary>
    public static DotNetTlsHash? TryCreate(int cryptoHashAlgorithm) => Name(cryptoHashAlgorithm) is { } name
        ? new DotNetTlsHash(IncrementalHash.CreateHash(name))
        : null;

    /// <summary>The .NET name of a SHA-1/SHA-2 <see cref="CryptoHashAlgorithm"/>; null for the others.</summary>
    public static HashAlgorithmName? Name(int cryptoHashAlgorithm) => cryptoHashAlgorithm switch
    {
        CryptoHashAlgorithm.sha1 => HashAlgorithmName.SHA1,
        CryptoHashAlgorithm.sha256 => HashAlgorithmName.SHA256,
        CryptoHashAlgorithm.sha384 => HashAlgorithmName.SHA384,
        CryptoHashAlgorithm.sha512 => HashAlgorithmName.SHA512,
        _ => null,
    };

    public void Update(byte[] input, int inOff, int length) => _hash.AppendData(input, inOff, length);

    public void Update(ReadOnlySpan<byte> input) => _hash.AppendData(input);

    public byte[] CalculateHash() => _hash.GetHashAndReset();

    public TlsHash CloneHash() => new DotNetTlsHash(_hash.Clone());

    public void Reset() => _hash.GetHashAndReset();
}
