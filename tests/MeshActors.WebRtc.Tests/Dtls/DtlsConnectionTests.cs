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
        Assert.Equal(29, pair.Client.NamedGroup); // x25519
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
