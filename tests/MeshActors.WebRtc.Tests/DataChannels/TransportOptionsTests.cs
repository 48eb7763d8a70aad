using System.Reflection;
using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.DataChannels;

public class TransportOptionsTests
{
    [Fact]
    public void Sctp_packets_shrink_to_fit_a_path_smaller_than_the_configured_packet_size()
    {
        using var pair = new DataChannelPair(seed: 60, maxDatagramSize: 1000);
        var (local, remote) = DataChannelLifecycleTests.OpenPair(pair, "small path");
        var received = new List<int>();
        remote.MessageReceived += (_, data, _) => received.Add(data.Length);
        local.Send(new byte[64 * 1024]);
        Assert.True(pair.Run(() => received.Count == 1));
        Assert.Equal(64 * 1024, received[0]);
        Assert.Equal(0, pair.LinkA.SendsRejected);
    }

    [Fact]
    public void Unworkable_sctp_options_are_refused_when_the_transport_is_created()
    {
        var executor = new MeshActors.WebRtc.Net.SerialExecutor();
        Assert.Throws<ArgumentOutOfRangeException>(() => new SctpDataChannelTransport(executor, new SctpAssociationOptions { MaxMessageSize = int.MaxValue }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SctpDataChannelTransport(executor, new SctpAssociationOptions { MaxBufferedAmountPerStream = 1000 }));
    }

    [Fact]
    public void The_peers_sctp_port_from_its_sdp_is_used()
    {
        // The server listens on SCTP port 5001 (its a=sctp-port) and sends to our 5000.
        var server = new SctpAssociationOptions { LocalPort = 5001 };
        using var pair = new DataChannelPair(seed: 61, serverOptions: server, clientRemotePort: 5001);
        var (local, remote) = DataChannelLifecycleTests.OpenPair(pair, "ports");
        var received = new List<string>();
        remote.Message += m => received.Add(m.Text!);
        local.Send("through 5001");
        Assert.True(pair.Run(() => received.Count == 1));
    }

    [Fact]
    public void Copy_with_a_new_packet_size_and_port_keeps_every_other_setting()
    {
        var original = new SctpAssociationOptions
        {
            LocalPort = 5001, RemotePort = 5002, MaxPacketSize = 1100, OutboundStreams = 10, InboundStreams = 11,
            ReceiveWindow = 4 * 1024 * 1024, MaxMessageSize = 512 * 1024, MaxBufferedAmountPerStream = 1 << 25,
            RtoInitial = TimeSpan.FromSeconds(2), RtoMin = TimeSpan.FromSeconds(1), RtoMax = TimeSpan.FromSeconds(30),
            MaxTimerBackoff = TimeSpan.FromSeconds(5), InitTimeout = TimeSpan.FromSeconds(3), DelayedAckTimeout = TimeSpan.FromMilliseconds(50),
            HeartbeatInterval = TimeSpan.FromSeconds(7), CookieLifetime = TimeSpan.FromSeconds(9), MaxRetransmissions = 4,
            MaxInitRetransmissions = 6, InitialCongestionWindowPackets = 3, EnablePartialReliability = false,
            EnableMessageInterleaving = false, InitialTsn = 77,
        };
        var copy = SctpDataChannelTransport.CopyOptions(original, 900, 6000);
        Assert.Equal(900, copy.MaxPacketSize);
        Assert.Equal(6000, copy.RemotePort);
        // Every property, public or not, so a setting added to the options later cannot be lost silently.
        foreach (var property in typeof(SctpAssociationOptions).GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (property.Name is not nameof(SctpAssociationOptions.MaxPacketSize) and not nameof(SctpAssociationOptions.RemotePort))
            {
                Assert.True(Equals(property.GetValue(original), property.GetValue(copy)), $"{property.Name} was not copied");
                Assert.False(Equals(property.GetValue(new SctpAssociationOptions()), property.GetValue(original)), $"{property.Name}: give the test a non-default value");
            }
        }
    }
}
