namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// The cipher suites this stack negotiates; values are the IANA codes. RFC 8827 §6.5 makes
/// ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 mandatory; the others are for peers that need them.
/// </summary>
public enum DtlsCipherSuite : ushort
{
    /// <summary>TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (0xC02B, RFC 5289): the WebRTC default.</summary>
    EcdheEcdsaWithAes128GcmSha256 = 0xC02B,

    /// <summary>TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 (0xCCA9, RFC 7905).</summary>
    EcdheEcdsaWithChaCha20Poly1305Sha256 = 0xCCA9,

    /// <summary>TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA (0xC009, RFC 8422).</summary>
    EcdheEcdsaWithAes128CbcSha = 0xC009,
}
