using MeshActors.WebRtc.Dtls;
using Org.BouncyCastle.Tls;
using static MeshActors.WebRtc.Tests.Dtls.DtlsTestKit;

namespace MeshActors.WebRtc.Tests.Dtls;

/// <summary>
/// Our connection against BouncyCastle's own client and server, whose record layer is independent of ours: the data
/// crossing in both directions proves our key derivation, nonces and additional data.
/// </summary>
public sealed class DtlsInteropTests
{
    [Theory]
    [InlineData(DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256)]
    [InlineData(DtlsCipherSuite.EcdheEcdsaWithChaCha20Poly1305Sha256)]
    [InlineData(DtlsCipherSuite.EcdheEcdsaWithAes128CbcSha)]
    public async Task Our_server_exchanges_records_with_a_bouncycastle_client(DtlsCipherSuite suite)
    {
        var link = new InMemoryDatagramLink();
        var reference = new BcReferencePeer.Settings { CipherSuites = [(int)suite] };
        var server = NewConnection(link.B, DtlsRole.Server, reference.Certificate);
        var connected = WhenState(server.Connection, DtlsConnectionState.Connected);
        server.Connection.Start();

        var transport = await Task.Run(() => BcReferencePeer.Connect(new BcReferencePeer.BlockingEnd(link.A), reference))
            .WaitAsync(Hang);
        await connected.WaitAsync(Hang);
        Assert.Equal(suite, server.Connection.CipherSuite);
        Assert.Equal(server.Connection.LocalCertificate.GetCertificateDer(), reference.PeerCertificate!.GetCertificateAt(0).GetEncoded());

        await ExchangeAsync(transport, server, link.B);
        await OnExecutor(link.B.Executor, server.Connection.Close);
        var buffer = new byte[2048];
        // BouncyCastle reads the close_notify inside Receive and reports it to its peer object.
        Assert.Equal(-1, await Task.Run(() => transport.Receive(buffer, 0, buffer.Length, 300)));
        Assert.Contains((short)AlertDescription.close_notify, reference.AlertsReceived!);
    }

    [Theory]
    [InlineData(DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256)]
    [InlineData(DtlsCipherSuite.EcdheEcdsaWithChaCha20Poly1305Sha256)]
    [InlineData(DtlsCipherSuite.EcdheEcdsaWithAes128CbcSha)]
    public async Task Our_client_exchanges_records_with_a_bouncycastle_server(DtlsCipherSuite suite)
    {
        var link = new InMemoryDatagramLink();
        var reference = new BcReferencePeer.Settings { CipherSuites = [(int)suite] };
        var accept = Task.Run(() => BcReferencePeer.Accept(new BcReferencePeer.BlockingEnd(link.B), reference));
        var client = NewConnection(link.A, DtlsRole.Client, reference.Certificate);
        var connected = WhenState(client.Connection, DtlsConnectionState.Connected);
        client.Connection.Start();

        var transport = await accept.WaitAsync(Hang);
        await connected.WaitAsync(Hang);
        Assert.Equal(suite, client.Connection.CipherSuite);
        await ExchangeAsync(transport, client, link.A);
    }

    [Theory]
    [InlineData(new[] { NamedGroup.x25519, NamedGroup.secp256r1 }, NamedGroup.secp256r1)] // a browser's order
    [InlineData(new[] { NamedGroup.secp256r1 }, NamedGroup.secp256r1)]
    [InlineData(new[] { NamedGroup.x25519 }, NamedGroup.x25519)]
    public async Task Our_server_picks_p256_whenever_the_client_offers_it_and_otherwise_the_clients_group(int[] offered, int expected)
    {
        var link = new InMemoryDatagramLink();
        var reference = new BcReferencePeer.Settings { Groups = offered };
        var server = NewConnection(link.B, DtlsRole.Server, reference.Certificate);
        var connected = WhenState(server.Connection, DtlsConnectionState.Connected);
        server.Connection.Start();
        var transport = await Task.Run(() => BcReferencePeer.Connect(new BcReferencePeer.BlockingEnd(link.A), reference))
            .WaitAsync(Hang);
        await connected.WaitAsync(Hang);
        Assert.Equal(expected, server.Connection.NamedGroup);
        Assert.Equal(expected, reference.NamedGroup);
        await ExchangeAsync(transport, server, link.B);
    }

    [Theory]
    [InlineData(new[] { NamedGroup.secp256r1 })]
    [InlineData(new[] { NamedGroup.x25519 })]
    [InlineData(new[] { NamedGroup.x25519, NamedGroup.secp256r1 })]
    public async Task Our_client_uses_the_group_a_server_prefers(int[] serverPreference)
    {
        var link = new InMemoryDatagramLink();
        var reference = new BcReferencePeer.Settings { Groups = serverPreference };
        var accept = Task.Run(() => BcReferencePeer.Accept(new BcReferencePeer.BlockingEnd(link.B), reference));
        var client = NewConnection(link.A, DtlsRole.Client, reference.Certificate);
        var connected = WhenState(client.Connection, DtlsConnectionState.Connected);
        client.Connection.Start();
        var transport = await accept.WaitAsync(Hang);
        await connected.WaitAsync(Hang);
        Assert.Equal(serverPreference[0], client.Connection.NamedGroup);
        Assert.Equal(serverPreference[0], reference.NamedGroup);
        await ExchangeAsync(transport, client, link.A);
    }

    [Fact]
    public async Task Our_server_accepts_a_client_without_extended_master_secret()
    {
        var link = new InMemoryDatagramLink();
        var reference = new BcReferencePeer.Settings { UseExtendedMasterSecret = false };
        var server = NewConnection(link.B, DtlsRole.Server, reference.Certificate);
        var connected = WhenState(server.Connection, DtlsConnectionState.Connected);
        server.Connection.Start();
        var transport = await Task.Run(() => BcReferencePeer.Connect(new BcReferencePeer.BlockingEnd(link.A), reference))
            .WaitAsync(Hang);
        await connected.WaitAsync(Hang);
        Assert.False(server.Connection.ExtendedMasterSecret);
        Assert.False(reference.ExtendedMasterSecret);
        await ExchangeAsync(transport, server, link.B);
    }

    [Fact]
    public async Task Our_client_accepts_a_server_without_extended_master_secret()
    {
        var link = new InMemoryDatagramLink();
        var reference = new BcReferencePeer.Settings { UseExtendedMasterSecret = false };
        var accept = Task.Run(() => BcReferencePeer.Accept(new BcReferencePeer.BlockingEnd(link.B), reference));
        var client = NewConnection(link.A, DtlsRole.Client, reference.Certificate);
        var connected = WhenState(client.Connection, DtlsConnectionState.Connected);
        client.Connection.Start();
        var transport = await accept.WaitAsync(Hang);
        await connected.WaitAsync(Hang);
        Assert.False(client.Connection.ExtendedMasterSecret);
        await ExchangeAsync(transport, client, link.A);
    }

    [Fact]
    public async Task A_server_that_requires_extended_master_secret_refuses_a_client_without_it()
    {
        var link = new InMemoryDatagramLink();
        var reference = new BcReferencePeer.Settings { UseExtendedMasterSecret = false };
        var server = NewConnection(link.B, DtlsRole.Server, reference.Certificate,
            new DtlsOptions { RequireExtendedMasterSecret = true });
        var failed = WhenState(server.Connection, DtlsConnectionState.Failed);
        server.Connection.Start();
        var connect = Task.Run(() => BcReferencePeer.Connect(new BcReferencePeer.BlockingEnd(link.A), reference));
        await failed.WaitAsync(Hang);
        var error = server.Connection.Error!;
        Assert.Equal(DtlsFailureReason.AlertSent, error.Reason);
        Assert.Equal(DtlsAlertDescription.HandshakeFailure, error.Alert);
        var clientError = await Assert.ThrowsAnyAsync<TlsException>(() => connect.WaitAsync(Hang));
        Assert.Contains((short)40, reference.AlertsReceived!);
        Assert.NotNull(clientError);
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused()
    {
        var link = new InMemoryDatagramLink();
        var reference = new BcReferencePeer.Settings { SendCertificate = false };
        var server = NewConnection(link.B, DtlsRole.Server, reference.Certificate);
        var failed = WhenState(server.Connection, DtlsConnectionState.Failed);
        server.Connection.Start();
        var connect = Task.Run(() => BcReferencePeer.Connect(new BcReferencePeer.BlockingEnd(link.A), reference));
        await failed.WaitAsync(Hang);
        Assert.Equal(DtlsFailureReason.BadCertificate, server.Connection.Error!.Reason);
        Assert.Contains("no certificate", server.Connection.Error.Message);
        await Assert.ThrowsAnyAsync<TlsException>(() => connect.WaitAsync(Hang));
    }

    private static (DtlsConnection Connection, Collector Received) NewConnection(InMemoryDatagramLink.End end, DtlsRole role,
        RtcCertificate remote, DtlsOptions? options = null)
    {
        options ??= new DtlsOptions();
        options.RemoteFingerprints = remote.GetFingerprints();
        var connection = new DtlsConnection(end, end.Executor, role, options);
        var received = new Collector();
        OnExecutor(end.Executor, () => connection.SetReceiver(received)).Wait();
        return (connection, received);
    }

    private static async Task ExchangeAsync(DtlsTransport reference, (DtlsConnection Connection, Collector Received) ours,
        InMemoryDatagramLink.End end)
    {
        var toOurs = Enumerable.Range(0, 20).Select(i => Enumerable.Repeat((byte)i, 10 + (i * 50)).ToArray()).ToArray();
        await Task.Run(() =>
        {
            foreach (var data in toOurs)
            {
                reference.Send(data, 0, data.Length);
            }
        });
        await ours.Received.WhenCount(toOurs.Length).WaitAsync(Hang);
        Assert.Equal(toOurs, ours.Received.Items);

        var toReference = Enumerable.Range(0, 20).Select(i => Enumerable.Repeat((byte)(100 + i), 1 + (i * 57)).ToArray()).ToArray();
        foreach (var data in toReference)
        {
            Assert.True(await OnExecutor(end.Executor, () => ours.Connection.Send(data)));
        }
        var received = await Task.Run(() =>
        {
            var list = new List<byte[]>();
            var buffer = new byte[4096];
            while (list.Count < toReference.Length)
            {
                var length = reference.Receive(buffer, 0, buffer.Length, 5000);
                if (length < 0)
                {
                    break;
                }
                list.Add(buffer.AsSpan(0, length).ToArray());
            }
            return list;
        }).WaitAsync(Hang);
        Assert.Equal(toReference, received);
        Assert.Equal(0, ours.Connection.MalformedRecordsDropped);
    }
}
