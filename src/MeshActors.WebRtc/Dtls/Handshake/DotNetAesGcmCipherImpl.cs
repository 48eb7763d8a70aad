using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// AES-GCM for BouncyCastle's own records during the handshake (the Finished messages, RFC 5288) on the platform's
/// <see cref="AesGcm"/>: output is ciphertext ‖ 16-byte tag; a record that does not authenticate is bad_record_mac.
/// After the handshake our record layer (<see cref="AesGcmRecordProtection"/>) takes over with the same keys.
/// </summary>
internal sealed class DotNetAesGcmCipherImpl(bool encrypting) : TlsAeadCipherImpl
{
    /// <summary>GCM's tag length in TLS (RFC 5288 §3).</summary>
    private const int TagLength = 16;

    private AesGcm? _aes;
    private byte[] _nonce = [];
    private byte[] _additionalData = [];

    public void SetKey(byte[] key, int keyOff, int keyLen) => SetKey(key.AsSpan(keyOff, keyLen));

    public void SetKey(ReadOnlySpan<byte> key)
    {
        _aes?.Dispose();
        _aes = new AesGcm(key, TagLength);
    }

    public void Init(byte[] nonce, int macSize, byte[] additionalData)
    {
        if (macSize != TagLength)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error, $"AES-GCM with a {macSize}-byte tag is not offered.");
        }
        _nonce = nonce;
        _additionalData = additionalData ?? [];
    }

    public int GetOutputSize(int inputLength) => encrypting ? inputLength + TagLength : Math.Max(0, inputLength - TagLength);

    public int DoFinal(byte[] input, int inputOffset, int inputLength, byte[] output, int outputOffset) =>
        Process(_additionalData, input.AsSpan(inputOffset, inputLength), output.AsSpan(outputOffset));

    public int DoFinal(byte[] additionalData, byte[] input, int inputOffset, int inputLength, byte[] output, int outputOffset) =>
        Process(additionalData, input.AsSpan(inputOffset, inputLength), output.AsSpan(outputOffset));

    public void Reset()
    {
    }

    private int Process(ReadOnlySpan<byte> additionalData, ReadOnlySpan<byte> input, Span<byte> output)
    {
        var aes = _aes ?? throw new TlsFatalAlert(AlertDescription.internal_error, "AES-GCM used before its key was set.");
        if (encrypting)
        {
            aes.Encrypt(_nonce, input, output[..input.Length], output.Slice(input.Length, TagLength), additionalData);
            return input.Length + TagLength;
        }
        if (input.Length < TagLength)
        {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac);
        }
        var length = input.Length - TagLength;
        try
        {
            aes.Decrypt(_nonce, input[..length], input[length..], output[..length], additionalData);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac, ex);
        }
        return length;
    }
}
