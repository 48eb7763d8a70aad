using System.Security.Cryptography;
using MeshActors.WebRtc.Dtls;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace MeshActors.WebRtc.Tests.Dtls;

/// <summary>
/// The handshake makes its ephemeral key while it waits for the peer's flight; the key serves exactly one agreement.
/// </summary>
public sealed class HandshakeWorkAheadTests
{
    [Fact]
    public void A_prepared_key_pair_is_the_one_the_agreement_sends()
    {
        using var prepared = DotNetP256Agreement.CreateKeyPair();
        var q = prepared.ExportParameters(includePrivateParameters: false).Q;
        var share = new DotNetP256Agreement(new DtlsTlsCrypto(new SecureRandom()), prepared).GenerateEphemeral();
        Assert.Equal([0x04, .. q.X!, .. q.Y!], share);
    }

    [Fact]
    public void A_prepared_key_serves_one_agreement_only_and_is_never_prepared_again()
    {
        var crypto = new DtlsTlsCrypto(new SecureRandom());
        crypto.PrepareEphemeralKey();
        var domain = crypto.CreateECDomain(new TlsECConfig(NamedGroup.secp256r1));
        var first = domain.CreateECDH().GenerateEphemeral();
        crypto.PrepareEphemeralKey(); // after the key exchange: nothing to prepare any more
        var second = domain.CreateECDH().GenerateEphemeral();
        var third = crypto.CreateECDomain(new TlsECConfig(NamedGroup.secp256r1)).CreateECDH().GenerateEphemeral();
        Assert.NotEqual(first, second);
        Assert.NotEqual(second, third);
        Assert.NotEqual(first, third);
    }

    [Fact]
    public void Idle_work_runs_once_and_only_when_the_handshake_would_wait()
    {
        var runs = 0;
        var adapter = new BcDatagramAdapter(1200, _ => { }, server: false) { IdleWork = () => runs++ };
        var buffer = new byte[2048];
        adapter.Enqueue(Record(1));
        Assert.Equal(Record(1).Length, adapter.Receive(buffer, 0));
        Assert.Equal(0, runs); // a datagram was waiting: no detour

        Assert.Equal(-1, adapter.Receive(buffer, 1));
        Assert.Equal(1, runs);
        Assert.Equal(-1, adapter.Receive(buffer, 1));
        adapter.Enqueue(Record(2));
        Assert.Equal(Record(2).Length, adapter.Receive(buffer, 0));
        Assert.Equal(1, runs);
    }

    /// <summary>An epoch-0 handshake record (a HelloRequest-sized body; the filter only reads headers).</summary>
    private static byte[] Record(byte sequence)
    {
        var record = new byte[13 + 12];
        record[0] = (byte)DtlsContentType.Handshake;
        record[1] = 0xFE;
        record[2] = 0xFD;
        record[10] = sequence;
        record[12] = 12;
        record[13] = 0; // hello_request, length 0
        return record;
    }
}
