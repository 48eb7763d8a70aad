using System.Collections.Concurrent;
using MeshActors.WebRtc.Dtls;
using MeshActors.WebRtc.Net;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace MeshActors.WebRtc.Tests.Dtls;

/// <summary>
/// An independent DTLS peer for interop tests: BouncyCastle's own client or server with its own record layer
/// (<see cref="DtlsTransport"/>), on a blocking transport over one end of an in-memory link. It trusts any
/// certificate and records what it saw.
/// </summary>
internal sealed class BcReferencePeer
{
    public sealed class BlockingEnd : DatagramTransport, IDatagramReceiver
    {
        private readonly BlockingCollection<byte[]> _incoming = [];
        private readonly InMemoryDatagramLink.End _end;

        public BlockingEnd(InMemoryDatagramLink.End end)
        {
            _end = end;
            end.SetReceiver(this);
        }

        public void OnDatagram(ReadOnlySpan<byte> datagram) => _incoming.Add(datagram.ToArray());

        public int GetReceiveLimit() => 2048;

        public int GetSendLimit() => _end.MaxDatagramSize;

        public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

        public int Receive(Span<byte> buffer, int waitMillis)
        {
            if (!_incoming.TryTake(out var datagram, waitMillis))
            {
                return -1;
            }
            datagram.CopyTo(buffer);
            return datagram.Length;
        }

        public void Send(byte[] buf, int off, int len) => _end.Send(buf.AsSpan(off, len));

        public void Send(ReadOnlySpan<byte> buffer) => _end.Send(buffer);

        public void Close()
        {
        }
    }

    public sealed class Settings
    {
        public RtcCertificate Certificate { get; init; } = RtcCertificate.Generate();

        public int[] CipherSuites { get; init; } = [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];

        public bool UseExtendedMasterSecret { get; init; } = true;

        public bool SendCertificate { get; init; } = true;

        /// <summary>Groups the client offers / the server accepts, in preference order; null for BouncyCastle's defaults.</summary>
        public int[]? Groups { get; init; }

        /// <summary>The ECDHE group of the finished handshake.</summary>
        public int NamedGroup = -1;

        public short[]? AlertsReceived;

        public Certificate? PeerCertificate;

        public bool ExtendedMasterSecret;
    }

    /// <summary>Runs a BouncyCastle client handshake on the calling thread.</summary>
    public static DtlsTransport Connect(DatagramTransport transport, Settings settings) =>
        new DtlsClientProtocol().Connect(new Client(settings), transport);

    /// <summary>Runs a BouncyCastle server handshake on the calling thread.</summary>
    public static DtlsTransport Accept(DatagramTransport transport, Settings settings) =>
        new DtlsServerProtocol { VerifyRequests = false }.Accept(new Server(settings), transport);

    private static TlsCredentialedSigner Signer(TlsContext context, BcTlsCrypto crypto, RtcCertificate certificate) =>
        new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.PrivateKey,
            new Certificate([new BcTlsCertificate(crypto, certificate.GetCertificateDer())]),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));

    private sealed class Client(Settings settings) : DefaultTlsClient(new GroupRecordingCrypto())
    {
        protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

        protected override int[] GetSupportedCipherSuites() => settings.CipherSuites;

        protected override IList<int> GetSupportedGroups(IList<int> namedGroupRoles) =>
            settings.Groups ?? base.GetSupportedGroups(namedGroupRoles);

        public override bool ShouldUseExtendedMasterSecret() => settings.UseExtendedMasterSecret;

        public override int GetHandshakeTimeoutMillis() => 20_000;

        public override int GetHandshakeResendTimeMillis() => 200;

        public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
            settings.AlertsReceived = [.. settings.AlertsReceived ?? [], alertDescription];

        public override void NotifyHandshakeComplete()
        {
            settings.ExtendedMasterSecret = m_context.SecurityParameters.IsExtendedMasterSecret;
            settings.PeerCertificate = m_context.SecurityParameters.PeerCertificate;
            settings.NamedGroup = ((GroupRecordingCrypto)Crypto).Group;
        }

        public override TlsAuthentication GetAuthentication() => new Authentication(this);

        private sealed class Authentication(Client client) : TlsAuthentication
        {
            public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
            {
            }

            public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) =>
                client.SettingsValue.SendCertificate
                    ? Signer(client.m_context, (BcTlsCrypto)client.Crypto, client.SettingsValue.Certificate)
                    : null;
        }

        private Settings SettingsValue => settings;
    }

    private sealed class Server(Settings settings) : DefaultTlsServer(new GroupRecordingCrypto())
    {
        protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

        protected override int[] GetSupportedCipherSuites() => settings.CipherSuites;

        public override int[] GetSupportedGroups() => settings.Groups ?? base.GetSupportedGroups();

        // With Groups set, the first of them the client offers (a server's own preference).
        protected override int SelectECDH(int minimumCurveBits)
        {
            if (settings.Groups is null)
            {
                return base.SelectECDH(minimumCurveBits);
            }
            var offered = m_context.SecurityParameters.ClientSupportedGroups ?? [];
            return settings.Groups.FirstOrDefault(group => offered.Contains(group), -1);
        }

        public override bool ShouldUseExtendedMasterSecret() => settings.UseExtendedMasterSecret;

        public override int GetHandshakeTimeoutMillis() => 20_000;

        public override int GetHandshakeResendTimeMillis() => 200;

        protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
            Signer(m_context, (BcTlsCrypto)Crypto, settings.Certificate);

        public override CertificateRequest GetCertificateRequest() =>
            new([ClientCertificateType.ecdsa_sign], [new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa)], null);

        public override void NotifyClientCertificate(Certificate clientCertificate)
        {
        }

        public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
            settings.AlertsReceived = [.. settings.AlertsReceived ?? [], alertDescription];

        public override void NotifyHandshakeComplete()
        {
            settings.ExtendedMasterSecret = m_context.SecurityParameters.IsExtendedMasterSecret;
            settings.PeerCertificate = m_context.SecurityParameters.PeerCertificate;
            settings.NamedGroup = ((GroupRecordingCrypto)Crypto).Group;
        }
    }

    /// <summary>BouncyCastle's own crypto, noting the ECDHE group (DTLS 1.2 leaves SecurityParameters.NamedGroup unset).</summary>
    private sealed class GroupRecordingCrypto() : BcTlsCrypto(new SecureRandom())
    {
        public int Group { get; private set; } = -1;

        public override TlsECDomain CreateECDomain(TlsECConfig ecConfig)
        {
            Group = ecConfig.NamedGroup;
            return base.CreateECDomain(ecConfig);
        }
    }
}
