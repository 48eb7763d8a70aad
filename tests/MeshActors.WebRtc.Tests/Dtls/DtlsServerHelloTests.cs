using System.Buffers.Binary;
using MeshActors.WebRtc.Dtls;
using static MeshActors.WebRtc.Tests.Dtls.DtlsTestKit;

namespace MeshActors.WebRtc.Tests.Dtls;

/// <summary>
/// Our server's answer to hand-made ClientHellos: what browsers send that BouncyCastle's client cannot
/// (DTLS 1.3 in supported_versions, any extension order) and RFC 5746 / RFC 7627 negotiation details.
/// </summary>
public sealed class DtlsServerHelloTests
{
    private const ushort RenegotiationInfo = 0xFF01; // RFC 5746 §3.2
    private const ushort ExtendedMasterSecret = 23; // RFC 7627 §5.1
    private const ushort SupportedVersions = 43; // RFC 8446 §4.2.1
    private const ushort ScsvRenegotiation = 0x00FF; // TLS_EMPTY_RENEGOTIATION_INFO_SCSV, RFC 5746 §3.3

    [Fact]
    public async Task A_client_hello_offering_dtls13_and_dtls12_in_shuffled_order_negotiates_dtls12()
    {
        var extensions = StandardExtensions();
        extensions.Add((SupportedVersions, [4, 0xFE, 0xFC, 0xFE, 0xFD])); // DTLS 1.3 {254,252}, DTLS 1.2
        extensions.Reverse(); // extension order must not matter
        var hello = await ServerHelloFor(ClientHello([0xC02B], extensions));

        Assert.Equal(0xFEFD, hello.Version);
        Assert.Equal(0xC02B, hello.CipherSuite);
        Assert.Equal(0, hello.Compression);
        Assert.DoesNotContain(SupportedVersions, hello.Extensions.Keys); // a DTLS 1.2 ServerHello has none
        // No RFC 8446 §4.1.3 downgrade sentinel: we are a 1.2-only server, and Chrome would abort on one.
        Assert.NotEqual("444F574E47524401", Convert.ToHexString(hello.Random[24..]));
        Assert.NotEqual("444F574E47524400", Convert.ToHexString(hello.Random[24..]));
    }

    [Fact]
    public async Task A_client_hello_offering_only_dtls13_is_refused_with_protocol_version()
    {
        var extensions = StandardExtensions();
        extensions.Add((SupportedVersions, [2, 0xFE, 0xFC]));
        var link = new InMemoryDatagramLink();
        var server = NewServer(link);
        var failed = WhenState(server, DtlsConnectionState.Failed);
        server.Start();
        link.A.Send(ClientHello([0xC02B], extensions));
        await failed.WaitAsync(Hang);
        Assert.Equal(DtlsAlertDescription.ProtocolVersion, server.Error!.Alert);
        Assert.Equal(DtlsFailureReason.AlertSent, server.Error.Reason);
    }

    [Fact]
    public async Task Renegotiation_info_is_answered_only_when_the_client_offered_it()
    {
        var none = await ServerHelloFor(ClientHello([0xC02B], StandardExtensions()));
        Assert.DoesNotContain(RenegotiationInfo, none.Extensions.Keys);

        var scsv = await ServerHelloFor(ClientHello([0xC02B, ScsvRenegotiation], StandardExtensions()));
        Assert.Equal([0], scsv.Extensions[RenegotiationInfo]); // empty renegotiated_connection

        var withExtension = StandardExtensions();
        withExtension.Insert(0, (RenegotiationInfo, [0]));
        var extension = await ServerHelloFor(ClientHello([0xC02B], withExtension));
        Assert.Equal([0], extension.Extensions[RenegotiationInfo]);
    }

    [Fact]
    public async Task Extended_master_secret_is_echoed_when_offered_and_absent_otherwise()
    {
        var offered = StandardExtensions();
        offered.Add((ExtendedMasterSecret, []));
        Assert.Contains(ExtendedMasterSecret, (await ServerHelloFor(ClientHello([0xC02B], offered))).Extensions.Keys);
        Assert.DoesNotContain(ExtendedMasterSecret, (await ServerHelloFor(ClientHello([0xC02B], StandardExtensions()))).Extensions.Keys);
    }

    [Fact]
    public async Task The_server_picks_null_compression_and_aes_gcm_from_a_longer_offer()
    {
        var hello = await ServerHelloFor(ClientHello([0xCCA9, 0xC009, 0xC02B], StandardExtensions(), compression: [1, 0]));
        Assert.Equal(0, hello.Compression);
        Assert.Equal(0xC02B, hello.CipherSuite);
    }

    [Fact]
    public void A_client_tolerates_a_server_without_secure_renegotiation()
    {
        var context = new BcHandshakeContext(new DtlsTlsCrypto(new Org.BouncyCastle.Security.SecureRandom()),
            RtcCertificate.Generate(), new DtlsOptions(), new RemoteFingerprintSlot(null), Environment.TickCount64 + 1000);
        new BcDtlsClient(context).NotifySecureRenegotiation(false);
        new BcDtlsServer(context).NotifySecureRenegotiation(false);
    }

    private sealed record ServerHello(int Version, byte[] Random, int CipherSuite, int Compression, Dictionary<ushort, byte[]> Extensions);

    private static DtlsConnection NewServer(InMemoryDatagramLink link) =>
        new(link.B, link.B.Executor, DtlsRole.Server, new DtlsOptions
        {
            RemoteFingerprints = RtcCertificate.Generate().GetFingerprints(),
            HandshakeTimeout = TimeSpan.FromSeconds(20),
        });

    private static async Task<ServerHello> ServerHelloFor(byte[] clientHello)
    {
        var link = new InMemoryDatagramLink();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        link.Interceptor = (from, datagram) =>
        {
            if (from == "B" && HandshakeMessages([datagram]).Any(m => m.Header.MessageType == DtlsHandshakeHeader.ServerHelloDone))
            {
                done.TrySetResult();
            }
            return datagram;
        };
        var server = NewServer(link);
        server.Start();
        link.A.Send(clientHello);
        await done.Task.WaitAsync(Hang);
        server.Close();

        var messages = HandshakeMessages(link.B.Log);
        // The flight goes on to request a client certificate, as WebRTC requires.
        Assert.Contains(messages, m => m.Header.MessageType == DtlsHandshakeHeader.CertificateRequest);
        var body = messages.First(m => m.Header.MessageType == DtlsHandshakeHeader.ServerHello).Body;
        var at = 0;
        var version = BinaryPrimitives.ReadUInt16BigEndian(body);
        var random = body[2..34];
        at = 34;
        at += 1 + body[at]; // session_id
        var suite = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at));
        var compression = body[at + 2];
        at += 3;
        var extensions = new Dictionary<ushort, byte[]>();
        if (at < body.Length)
        {
            var end = at + 2 + BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at));
            at += 2;
            while (at < end)
            {
                var type = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at));
                var length = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(at + 2));
                extensions.Add(type, body.AsSpan(at + 4, length).ToArray());
                at += 4 + length;
            }
        }
        return new ServerHello(version, random, suite, compression, extensions);
    }

    private static List<(ushort Type, byte[] Data)> StandardExtensions() =>
    [
        (10, [0, 4, 0, 0x1D, 0, 0x17]), // supported_groups: x25519, secp256r1
        (11, [1, 0]), // ec_point_formats: uncompressed
        (13, [0, 2, 4, 3]), // signature_algorithms: ecdsa_secp256r1_sha256
    ];

    /// <summary>A DTLS ClientHello (RFC 6347 §4.2.1) in one record, as the first flight of a browser.</summary>
    private static byte[] ClientHello(ushort[] suites, List<(ushort Type, byte[] Data)> extensions, byte[]? compression = null)
    {
        var body = new List<byte>();
        body.AddRange([0xFE, 0xFD]); // client_version DTLS 1.2
        body.AddRange(Enumerable.Range(0, 32).Select(i => (byte)(i * 13 + 7))); // random
        body.Add(0); // session_id
        body.Add(0); // cookie
        body.AddRange(U16(suites.Length * 2));
        foreach (var suite in suites)
        {
            body.AddRange(U16(suite));
        }
        compression ??= [0];
        body.Add((byte)compression.Length);
        body.AddRange(compression);
        var extensionBytes = extensions.SelectMany(e => U16(e.Type).Concat(U16(e.Data.Length)).Concat(e.Data)).ToArray();
        body.AddRange(U16(extensionBytes.Length));
        body.AddRange(extensionBytes);

        var message = new byte[DtlsHandshakeHeader.HeaderLength + body.Count];
        new DtlsHandshakeHeader(DtlsHandshakeHeader.ClientHello, body.Count, 0, 0, body.Count).Write(message);
        body.CopyTo(message, DtlsHandshakeHeader.HeaderLength);
        var record = new byte[DtlsRecordHeader.HeaderLength + message.Length];
        new DtlsRecordHeader(DtlsContentType.Handshake, DtlsRecordHeader.Dtls10Version, 0, 0, (ushort)message.Length).Write(record);
        message.CopyTo(record, DtlsRecordHeader.HeaderLength);
        return record;
    }

    private static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];
}
