namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// Seals and opens the fragments of one connection's records in epoch 1 (RFC 5246 §6.2.3). Implementations keep the
/// write keys of this side and the read keys of the peer. Called on the connection's executor only.
/// </summary>
internal interface IDtlsRecordProtection : IDisposable
{
    /// <summary>The negotiated cipher suite (IANA code).</summary>
    int CipherSuite { get; }

    /// <summary>Largest plaintext whose protected fragment fits <paramref name="fragmentLimit"/> bytes.</summary>
    int GetPlaintextLimit(int fragmentLimit);

    /// <summary>
    /// Protects <paramref name="plaintext"/> as a record of <paramref name="type"/> with the 64-bit epoch-and-sequence
    /// <paramref name="epochAndSequence"/>; writes the fragment (everything after the 13-byte header) and returns its
    /// length. <paramref name="fragment"/> must hold the plaintext plus the suite's expansion.
    /// </summary>
    int Seal(ulong epochAndSequence, DtlsContentType type, ReadOnlySpan<byte> plaintext, Span<byte> fragment);

    /// <summary>
    /// Authenticates and decrypts a fragment into <paramref name="plaintext"/>; returns the plaintext length, or -1
    /// when the fragment is malformed or does not authenticate. Never throws on bad bytes.
    /// </summary>
    int Open(ulong epochAndSequence, DtlsContentType type, ReadOnlySpan<byte> fragment, Span<byte> plaintext);
}
