using MeshActors.WebRtc.Dtls;
using static MeshActors.WebRtc.Tests.Dtls.DtlsTestKit;

namespace MeshActors.WebRtc.Tests.Dtls;

public sealed class DtlsConnectionTests
{
    [Fact]
    public async Task Handshake_completes_in_both_roles_and_records_flow_both_ways()
    {
        var pair = new Pair(new InMemoryDatagramLink());
        await pair.ConnectAsync();

        Assert.Equal(DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256, pair.Client.CipherSuite);
        Assert.Equal(DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256, pair.Server.CipherSuite);
        Assert.True(pair.Client.ExtendedMasterSecret);
        Assert.True(pair.Server.ExtendedMasterSecret);
        Assert.Equal(23, pair.Client.NamedGroup); // secp256r1, on the platform's ECDH
        Assert.Equal(23, pair.Server.NamedGroup);
        Assert.Equal(pair.Server.LocalCertificate.Fingerprint, pair.Client.RemoteFingerprint);
        Assert.Equal(pair.Client.LocalCertificate.Fingerprint, pair.Server.RemoteFingerprint);
        Assert.Equal(1200 - 13 - 24, pair.Client.MaxDatagramSize);

        var toServer = Enumerable.Range(0, 50).Select(i => Enumerable.Repeat((byte)i, 1 + (i * 23)).ToArray()).ToArray();
        var toClient = Enumerable.Range(0, 50).Select(i => Enumerable.Repeat((byte)(255 - i), 1163 - i).ToArray()).ToArray();
        foreach (var data in toServer)
        {
            Assert.True(await pair.SendFromClient(data));
        }
        foreach (var data in toClient)
        {
            Assert.True(await pair.SendFromServer(data));
        }
        await pair.ServerReceived.WhenCount(50).WaitAsync(Hang);
        await pair.ClientReceived.WhenCount(50).WaitAsync(Hang);
        Assert.Equal(toServer, pair.ServerReceived.Items);
        Assert.Equal(toClient, pair.ClientReceived.Items);
        Assert.Equal(50, pair.Client.RecordsSent);
        Assert.Equal(50, pair.Server.RecordsReceived);
        Assert.Equal(0, pair.Server.MalformedRecordsDropped);
        pair.Close();
    }
}

public sealed class DtlsFailureTests
{
    [Fact]
    public async Task Wrong_fingerprint_fails_the_connection_with_an_error_naming_both_fingerprints()
    {
        var impostor = RtcCertificate.Generate();
        var pair = new Pair(new InMemoryDatagramLink(),
            clientOptions: new DtlsOptions { RemoteFingerprints = impostor.GetFingerprints() });
        var clientFailed = WhenState(pair.Client, DtlsConnectionState.Failed);
        var serverFailed = WhenState(pair.Server, DtlsConnectionState.Failed);
        pair.Server.Start();
        pair.Client.Start();
        await Task.WhenAll(clientFailed, serverFailed).WaitAsync(Hang);

        var error = pair.Client.Error!;
        Assert.Equal(DtlsFailureReason.FingerprintMismatch, error.Reason);
        Assert.Equal(DtlsAlertDescription.BadCertificate, error.Alert);
        Assert.False(error.AlertFromPeer);
        Assert.Contains(pair.Server.LocalCertificate.Fingerprint.ToString(), error.Message);
        Assert.Contains(impostor.Fingerprint.ToString(), error.Message);

        // The server learns it from the alert the client sent.
        Assert.Equal(DtlsFailureReason.AlertReceived, pair.Server.Error!.Reason);
        Assert.Equal(DtlsAlertDescription.BadCertificate, pair.Server.Error.Alert);
        Assert.True(pair.Server.Error.AlertFromPeer);
        Assert.Contains("bad_certificate(42)", pair.Server.Error.Message);
    }

    [Theory]
    [InlineData("sha-384")]
    [InlineData("sha-512")]
    public async Task Fingerprints_with_sha384_and_sha512_are_accepted(string algorithm)
    {
        var clientCertificate = RtcCertificate.Generate();
        var serverCertificate = RtcCertificate.Generate();
        var pair = new Pair(new InMemoryDatagramLink(),
            new DtlsOptions { Certificate = clientCertificate, RemoteFingerprints = [serverCertificate.GetFingerprint(algorithm)] },
            new DtlsOptions { Certificate = serverCertificate, RemoteFingerprints = [DtlsFingerprint.Compute(RtcCertificate.Generate().GetCertificateDer()), clientCertificate.GetFingerprint(algorithm)] });
        await pair.ConnectAsync();
        Assert.Equal(algorithm, pair.Client.RemoteFingerprint!.Algorithm);
        Assert.Equal(algorithm, pair.Server.RemoteFingerprint!.Algorithm);
    }

    [Fact]
    public async Task Expired_remote_certificate_fails_with_certificate_expired()
    {
        var expired = RtcCertificate.Generate(DateTimeOffset.UtcNow.AddMinutes(-5));
        var pair = new Pair(new InMemoryDatagramLink(), serverOptions: new DtlsOptions { Certificate = expired },
            // The server must not refuse its own expired certificate before the client sees it.
            clientOptions: new DtlsOptions());
        var clientFailed = WhenState(pair.Client, DtlsConnectionState.Failed);
        // Let the server believe it is still valid: its clock says an hour ago.
        var serverWithOldClock = new DtlsConnection(pair.Link.B, pair.Link.B.Executor, DtlsRole.Server, new DtlsOptions
        {
            Certificate = expired,
            RemoteFingerprints = pair.Client.LocalCertificate.GetFingerprints(),
            TimeProvider = new FixedTimeProvider(DateTimeOffset.UtcNow.AddHours(-1)),
        });
        serverWithOldClock.Start();
        pair.Client.Start();
        await clientFailed.WaitAsync(Hang);
        var error = pair.Client.Error!;
        Assert.Equal(DtlsFailureReason.CertificateExpired, error.Reason);
        Assert.Equal(DtlsAlertDescription.CertificateExpired, error.Alert);
        Assert.Contains("expired at", error.Message);
        serverWithOldClock.Close();
    }

    [Fact]
    public async Task Expired_local_certificate_fails_at_start_with_a_clear_error()
    {
        var expired = RtcCertificate.Generate(DateTimeOffset.UtcNow.AddMinutes(-1));
        var link = new InMemoryDatagramLink();
        var connection = new DtlsConnection(link.A, link.A.Executor, DtlsRole.Client, new DtlsOptions { Certificate = expired });
        var failed = WhenState(connection, DtlsConnectionState.Failed);
        connection.Start();
        await failed.WaitAsync(Hang);
        Assert.Equal(DtlsFailureReason.LocalCertificateExpired, connection.Error!.Reason);
        Assert.Contains("local certificate", connection.Error.Message);
        Assert.Equal(0, link.A.Sent);
    }

    [Fact]
    public async Task Garbage_certificate_bytes_on_the_wire_fail_the_handshake_cleanly()
    {
        var link = new InMemoryDatagramLink
        {
            Interceptor = (from, datagram) => from == "B" ? CorruptCertificate(datagram) : datagram,
        };
        var pair = new Pair(link);
        var clientFailed = WhenState(pair.Client, DtlsConnectionState.Failed);
        var serverFailed = WhenState(pair.Server, DtlsConnectionState.Failed);
        pair.Server.Start();
        pair.Client.Start();
        await Task.WhenAll(clientFailed, serverFailed).WaitAsync(Hang);
        Assert.Equal(DtlsFailureReason.BadCertificate, pair.Client.Error!.Reason);
        Assert.Contains("not a valid DER X.509 certificate", pair.Client.Error.Message);
        Assert.Equal(DtlsFailureReason.AlertReceived, pair.Server.Error!.Reason);
    }

    [Fact]
    public async Task A_peer_that_never_answers_fails_with_a_timeout_after_retransmitting_with_backoff()
    {
        var link = new InMemoryDatagramLink(); // nothing listens on B
        var connection = new DtlsConnection(link.A, link.A.Executor, DtlsRole.Client, new DtlsOptions
        {
            HandshakeTimeout = TimeSpan.FromSeconds(1.5),
            InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(100),
            RemoteFingerprints = RtcCertificate.Generate().GetFingerprints(),
        });
        var failed = WhenState(connection, DtlsConnectionState.Failed);
        connection.Start();
        await failed.WaitAsync(Hang);
        Assert.Equal(DtlsFailureReason.HandshakeTimeout, connection.Error!.Reason);
        Assert.Contains("did not complete within 1.5 s", connection.Error.Message);
        Assert.Contains("0 received", connection.Error.Message);
        // 100 ms doubling: sent at 0, 0.1, 0.3, 0.7 and 1.5 s at most; without backoff there would be 15.
        Assert.InRange(link.A.Sent, 3, 5);
        Assert.All(link.A.Log, d => Assert.Equal(DtlsHandshakeHeader.ClientHello, HandshakeMessages([d]).Single().Header.MessageType));
    }

    [Fact]
    public async Task A_server_that_never_hears_from_a_client_times_out_too()
    {
        var link = new InMemoryDatagramLink();
        var connection = new DtlsConnection(link.B, link.B.Executor, DtlsRole.Server,
            new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(1) });
        var failed = WhenState(connection, DtlsConnectionState.Failed);
        connection.Start();
        await failed.WaitAsync(Hang);
        Assert.Equal(DtlsFailureReason.HandshakeTimeout, connection.Error!.Reason);
        Assert.Equal(0, link.B.Sent);
    }

    [Fact]
    public async Task Without_remote_fingerprints_the_handshake_waits_for_them_and_fails_at_the_deadline()
    {
        var pair = new Pair(new InMemoryDatagramLink(),
            new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(1) },
            new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(1) }, exchangeFingerprints: false);
        var failed = WhenState(pair.Client, DtlsConnectionState.Failed);
        pair.Server.Start();
        pair.Client.Start();
        await failed.WaitAsync(Hang);
        Assert.Equal(DtlsFailureReason.NoRemoteFingerprint, pair.Client.Error!.Reason);
        Assert.Contains(pair.Server.LocalCertificate.Fingerprint.ToString(), pair.Client.Error.Message);
    }

    [Fact]
    public async Task Remote_fingerprints_may_arrive_after_the_handshake_started()
    {
        var pair = new Pair(new InMemoryDatagramLink(), exchangeFingerprints: false);
        var client = WhenState(pair.Client, DtlsConnectionState.Connected);
        var server = WhenState(pair.Server, DtlsConnectionState.Connected);
        pair.Server.Start();
        pair.Client.Start();
        await Task.Delay(300);
        Assert.Equal(DtlsConnectionState.Connecting, pair.Client.State);
        pair.Client.SetRemoteFingerprints(pair.Server.LocalCertificate.GetFingerprints());
        pair.Server.SetRemoteFingerprints(pair.Client.LocalCertificate.GetFingerprints());
        await Task.WhenAll(client, server).WaitAsync(Hang);
    }

    [Fact]
    public async Task Close_during_the_handshake_ends_it_quietly_and_frees_its_thread()
    {
        var scheduler = new DtlsHandshakeScheduler(1);
        var link = new InMemoryDatagramLink(); // nobody answers
        var lonely = new DtlsConnection(link.A, link.A.Executor, DtlsRole.Client, new DtlsOptions
        {
            HandshakeScheduler = scheduler,
            RemoteFingerprints = RtcCertificate.Generate().GetFingerprints(),
        });
        var closed = WhenState(lonely, DtlsConnectionState.Closed);
        lonely.Start();
        await Task.Delay(100);
        lonely.Close();
        await closed.WaitAsync(Hang);
        Assert.Null(lonely.Error);

        // The single handshake thread is free again: a new pair on the same scheduler connects.
        var pair = new Pair(new InMemoryDatagramLink(), new DtlsOptions { HandshakeScheduler = scheduler },
            new DtlsOptions { HandshakeScheduler = new DtlsHandshakeScheduler(1) });
        await pair.ConnectAsync();
        Assert.Equal(DtlsConnectionState.Closed, lonely.State);
    }

    private static byte[] CorruptCertificate(byte[] datagram)
    {
        var copy = (byte[])datagram.Clone();
        var offset = 0;
        foreach (var (header, fragment) in Records(datagram))
        {
            if (header.Epoch == 0 && header.ContentType == DtlsContentType.Handshake && fragment[0] == DtlsHandshakeHeader.Certificate)
            {
                // Certificate body: certificate_list<3> holding cert<3> DER; keep the lengths, ruin the DER.
                var der = offset + DtlsRecordHeader.HeaderLength + DtlsHandshakeHeader.HeaderLength + 6;
                copy.AsSpan(der, header.Length - DtlsHandshakeHeader.HeaderLength - 6).Fill(0xFF);
            }
            offset += header.RecordLength;
        }
        return copy;
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public sealed class DtlsRecordPathTests
{
    [Fact]
    public async Task Malformed_and_replayed_records_are_dropped_and_counted_and_the_connection_carries_on()
    {
        var pair = new Pair(new InMemoryDatagramLink());
        await pair.ConnectAsync();
        Assert.True(await pair.SendFromServer([1, 2, 3]));
        await pair.ClientReceived.WhenCount(1).WaitAsync(Hang);
        var valid = pair.Link.B.Log[^1];

        var forged = (byte[])valid.Clone();
        forged[10] += 100; // a fresh sequence number, so the tag no longer matches
        var garbage = new byte[] { 23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 99, 0, 5, 1, 2, 3, 4, 5 };
        var wrongEpoch = (byte[])valid.Clone();
        wrongEpoch[4] = 7;
        var truncated = valid[..20];
        pair.Link.A.Deliver(forged);
        pair.Link.A.Deliver(garbage);
        pair.Link.A.Deliver(wrongEpoch);
        pair.Link.A.Deliver(truncated);
        pair.Link.A.Deliver([1, 2, 3]);
        pair.Link.A.Deliver(valid); // a replay

        Assert.True(await pair.SendFromServer([4, 5, 6]));
        await pair.ClientReceived.WhenCount(2).WaitAsync(Hang);
        var (malformed, replayed, state) = await OnExecutor(pair.Link.A.Executor,
            () => (pair.Client.MalformedRecordsDropped, pair.Client.ReplayedRecordsDropped, pair.Client.State));
        Assert.Equal(5, malformed);
        Assert.Equal(1, replayed);
        Assert.Equal(DtlsConnectionState.Connected, state);
        Assert.Equal([new byte[] { 1, 2, 3 }, [4, 5, 6]], pair.ClientReceived.Items);
    }

    [Fact]
    public async Task Close_notify_propagates_to_the_other_side_which_answers_and_closes()
    {
        var pair = new Pair(new InMemoryDatagramLink());
        await pair.ConnectAsync();
        var serverClosed = WhenState(pair.Server, DtlsConnectionState.Closed);
        var clientClosed = WhenState(pair.Client, DtlsConnectionState.Closed);
        pair.Client.Close();
        await Task.WhenAll(serverClosed, clientClosed).WaitAsync(Hang);
        Assert.Null(pair.Server.Error);
        Assert.Null(pair.Client.Error);
        Assert.False(await pair.SendFromServer([1]));
        // The server's answering close_notify is an encrypted alert record in epoch 1.
        var answer = Records(pair.Link.B.Log[^1]).Single().Header;
        Assert.Equal(DtlsContentType.Alert, answer.ContentType);
        Assert.Equal(1, answer.Epoch);
    }

    [Fact]
    public async Task A_lost_final_flight_is_resent_when_the_client_retransmits_its_own()
    {
        var dropped = 0;
        var link = new InMemoryDatagramLink
        {
            Interceptor = (from, datagram) =>
            {
                // Drop the server's ChangeCipherSpec + Finished the first time.
                var first = Records(datagram)[0].Header;
                if (from == "B" && (first.ContentType == DtlsContentType.ChangeCipherSpec || first.Epoch == 1) && dropped < 2)
                {
                    dropped++;
                    return null;
                }
                return datagram;
            },
        };
        var pair = new Pair(link);
        await pair.ConnectAsync();
        Assert.Equal(2, dropped);
        Assert.True(await OnExecutor(link.B.Executor, () => pair.Server.FinalFlightRetransmissions) >= 1);
        Assert.True(await pair.SendFromClient([9]));
        await pair.ServerReceived.WhenCount(1).WaitAsync(Hang);
    }

    [Fact]
    public async Task Records_and_handshake_datagrams_fit_a_small_path_mtu()
    {
        var link = new InMemoryDatagramLink(maxDatagramSize: 400);
        var pair = new Pair(link);
        await pair.ConnectAsync(); // the link throws on anything larger than 400 bytes
        Assert.All(link.A.Log.Concat(link.B.Log), d => Assert.True(d.Length <= 400));
        Assert.Equal(400 - 13 - 24, await OnExecutor(link.A.Executor, () => pair.Client.MaxDatagramSize));
        Assert.True(await pair.SendFromClient(new byte[363]));
        await Assert.ThrowsAsync<ArgumentException>(() => pair.SendFromClient(new byte[364]));
        await pair.ServerReceived.WhenCount(1).WaitAsync(Hang);
    }

    [Fact]
    public async Task Server_request_for_a_client_certificate_lists_ecdsa_sign_and_the_sent_certificate_matches_its_fingerprint()
    {
        var pair = new Pair(new InMemoryDatagramLink());
        await pair.ConnectAsync();
        var messages = HandshakeMessages(pair.Link.B.Log);
        var request = messages.First(m => m.Header.MessageType == DtlsHandshakeHeader.CertificateRequest).Body;
        var types = request.AsSpan(1, request[0]).ToArray();
        Assert.Contains((byte)64, types); // ecdsa_sign (RFC 8422 §5.5), which Chrome 124+ requires

        var certificate = messages.First(m => m.Header.MessageType == DtlsHandshakeHeader.Certificate).Body;
        var der = certificate.AsSpan(6).ToArray(); // certificate_list<3>, one cert<3>
        Assert.Equal(pair.Server.LocalCertificate.GetCertificateDer(), der);
        Assert.True(pair.Server.LocalCertificate.Fingerprint.Matches(der));
        var clientCertificate = HandshakeMessages(pair.Link.A.Log).First(m => m.Header.MessageType == DtlsHandshakeHeader.Certificate).Body;
        Assert.True(pair.Client.LocalCertificate.Fingerprint.Matches(clientCertificate.AsSpan(6)));
    }

    [Theory]
    [InlineData(new[] { DtlsCipherSuite.EcdheEcdsaWithChaCha20Poly1305Sha256, DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256 }, DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256)]
    [InlineData(new[] { DtlsCipherSuite.EcdheEcdsaWithChaCha20Poly1305Sha256 }, DtlsCipherSuite.EcdheEcdsaWithChaCha20Poly1305Sha256)]
    [InlineData(new[] { DtlsCipherSuite.EcdheEcdsaWithAes128CbcSha }, DtlsCipherSuite.EcdheEcdsaWithAes128CbcSha)]
    public async Task The_server_picks_its_preferred_suite_among_those_offered_and_records_flow(DtlsCipherSuite[] offered, DtlsCipherSuite expected)
    {
        var pair = new Pair(new InMemoryDatagramLink(), new DtlsOptions { CipherSuites = offered });
        await pair.ConnectAsync();
        Assert.Equal(expected, pair.Client.CipherSuite);
        var max = await OnExecutor(pair.Link.A.Executor, () => pair.Client.MaxDatagramSize);
        Assert.True(await pair.SendFromClient(new byte[max]));
        Assert.True(await pair.SendFromServer(new byte[max]));
        await pair.ServerReceived.WhenCount(1).WaitAsync(Hang);
        await pair.ClientReceived.WhenCount(1).WaitAsync(Hang);
        Assert.All(pair.Link.A.Log.Concat(pair.Link.B.Log), d => Assert.True(d.Length <= 1200));
    }

    [Fact]
    public async Task Both_sides_without_extended_master_secret_still_connect()
    {
        var pair = new Pair(new InMemoryDatagramLink(), new DtlsOptions { UseExtendedMasterSecret = false }, new DtlsOptions());
        await pair.ConnectAsync();
        Assert.False(pair.Client.ExtendedMasterSecret);
        Assert.False(pair.Server.ExtendedMasterSecret);
        Assert.True(pair.Client.SecureRenegotiation);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task Handshake_completes_with_20_percent_loss_and_reordering(int seed)
    {
        var link = new InMemoryDatagramLink(lossRate: 0.2, reorderRate: 0.2, seed: seed);
        var pair = new Pair(link);
        await pair.ConnectAsync();
        for (var i = 0; i < 100; i++)
        {
            await pair.SendFromClient([(byte)i, 1, 2, 3]);
        }
        await pair.SendFromServer([0]); // releases a held-back datagram
        await Task.Delay(100);
        // Unreliable: some records are lost; those that arrive are intact and from the sent set.
        var received = pair.ServerReceived.Items;
        Assert.InRange(received.Count, 50, 100);
        Assert.All(received, r => Assert.Equal([r[0], 1, 2, 3], r));
        Assert.Equal(0, await OnExecutor(link.B.Executor, () => pair.Server.MalformedRecordsDropped));
    }

    [Fact]
    public async Task Many_concurrent_handshakes_share_a_few_threads()
    {
        // Our 24 clients share 4 handshake threads; their servers stand for 24 remote peers (another
        // process), so they get their own scheduler. Both ends on one bounded scheduler could wait on
        // each other: a blocked client holds a thread its own server is queued behind.
        var clients = new DtlsHandshakeScheduler(4);
        var remotes = new DtlsHandshakeScheduler(24);
        var pairs = Enumerable.Range(0, 24).Select(_ => new Pair(new InMemoryDatagramLink(),
            new DtlsOptions { HandshakeScheduler = clients }, new DtlsOptions { HandshakeScheduler = remotes })).ToArray();
        var peak = 0;
        using var sampler = new Timer(_ => peak = Math.Max(peak, clients.Threads), null, 0, 5);
        await Task.WhenAll(pairs.Select(p => p.ConnectAsync())).WaitAsync(Hang);
        Assert.InRange(peak, 1, 4);
        Assert.Equal(24, clients.Completed);
        Assert.All(pairs, p => Assert.Equal(DtlsConnectionState.Connected, p.Server.State));
    }
}
