using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using MeshActors.WebRtc.Ice.Mdns;

namespace MeshActors.WebRtc.Tests.Ice.Mdns;

/// <summary>
/// Resolver and responder over the host's real sockets: port 5353, 224.0.0.251 / ff02::fb, multicast
/// loopback on a multicast-capable interface. Names are random so parallel tests and other hosts on the
/// link do not interfere.
/// </summary>
public class MdnsMulticastTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_name_registered_with_a_responder_resolves_over_real_multicast()
    {
        using var responder = new MdnsResponder();
        var address = IPAddress.Parse("192.0.2.77");
        var name = responder.RegisterRandomName(address);
        using var resolver = new MdnsResolver();
        Assert.True(resolver.ListensOnMulticastPort);

        var resolved = await resolver.ResolveAsync(name).WaitAsync(Hang);

        Assert.Equal(address, resolved);
        Assert.True(responder.QueriesAnswered >= 1);
        Assert.True(resolver.QueriesSent >= 1);
    }

    [Fact]
    public async Task A_resolver_on_an_ephemeral_port_gets_a_legacy_unicast_answer()
    {
        using var responder = new MdnsResponder();
        var address = IPAddress.Parse("198.51.100.9");
        var name = responder.RegisterRandomName(address);
        using var resolver = new MdnsResolver(new MdnsResolverOptions { UseMulticastPort = false });
        Assert.False(resolver.ListensOnMulticastPort);

        var resolved = await resolver.ResolveAsync(name).WaitAsync(Hang);

        Assert.Equal(address, resolved);
    }

    [Fact]
    public async Task An_IPv6_only_name_resolves_to_its_AAAA_record()
    {
        using var responder = new MdnsResponder();
        var address = IPAddress.Parse("fd00::77");
        var name = responder.RegisterRandomName(address);
        using var resolver = new MdnsResolver();

        var resolved = await resolver.ResolveAsync(name).WaitAsync(Hang);

        Assert.Equal(address, resolved);
    }

    [Fact]
    public async Task A_name_nobody_answers_for_resolves_to_null_after_the_timeout()
    {
        using var resolver = new MdnsResolver(new MdnsResolverOptions { Timeout = TimeSpan.FromMilliseconds(400) });

        var resolved = await resolver.ResolveAsync($"{Guid.NewGuid():D}.local").WaitAsync(Hang);

        Assert.Null(resolved);
    }

    [Fact]
    public async Task A_responder_answers_a_query_sent_to_the_IPv6_group()
    {
        using var responder = new MdnsResponder();
        var address = IPAddress.Parse("192.0.2.78");
        var name = responder.RegisterRandomName(address);
        var index = FirstIPv6MulticastInterface();
        Assert.True(index > 0, "this host has no up, multicast-capable interface with an IPv6 address");

        // A plain socket stands in for a legacy resolver on IPv6: query ff02::fb from an ephemeral port.
        using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, index);
        var query = DnsMessage.CreateQuery([new DnsQuestion(DnsName.Parse(name), DnsRecordType.A)]).ToArray();
        socket.SendTo(query, new IPEndPoint(MdnsConstants.IPv6Group, MdnsConstants.Port));

        var buffer = new byte[MdnsConstants.MaxMessageLength];
        var received = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.IPv6Any, 0)).WaitAsync(Hang);

        Assert.Equal(MdnsConstants.Port, ((IPEndPoint)received.RemoteEndPoint).Port);
        Assert.Equal(DnsReadStatus.Ok, DnsMessage.TryRead(buffer.AsSpan(0, received.ReceivedBytes), out var response));
        Assert.Single(response!.Questions); // legacy unicast: the question is repeated
        Assert.True(Assert.Single(response.Answers).TryGetAddress(out var answered));
        Assert.Equal(address, answered);
    }

    [Theory]
    [InlineData(AddressFamily.InterNetwork)]
    [InlineData(AddressFamily.InterNetworkV6)]
    public async Task The_socket_transport_sends_to_the_group_and_hears_the_multicast_answer_on_each_family(AddressFamily family)
    {
        using var responder = new MdnsResponder();
        var name = responder.RegisterRandomName(IPAddress.Parse("192.0.2.79"));
        var answers = new AnswerCollector(DnsName.Parse(name));
        using var transport = MdnsSocketTransport.Open(useMulticastPort: true, requireMulticastPort: true);
        transport.Start(answers);
        var query = DnsMessage.CreateQuery([new DnsQuestion(DnsName.Parse(name), DnsRecordType.A)]).ToArray();

        Assert.True(transport.SendMulticast(query, family, -1) > 0);
        var from = await answers.First.Task.WaitAsync(Hang);

        Assert.Equal(family, from.AddressFamily);
        Assert.Equal(MdnsConstants.Port, from.Port);
        Assert.Equal(0, transport.HandlerErrors);
    }

    [Fact]
    public void Disposing_the_resolver_and_responder_releases_their_sockets()
    {
        var responder = new MdnsResponder();
        var resolver = new MdnsResolver();
        responder.Dispose();
        resolver.Dispose();
        // Both sides can be created again on the shared port right away.
        using var again = new MdnsResponder();
        using var resolverAgain = new MdnsResolver();
        Assert.True(resolverAgain.ListensOnMulticastPort);
    }

    private static int FirstIPv6MulticastInterface()
    {
        foreach (var ni in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (ni.OperationalStatus == OperationalStatus.Up && ni.SupportsMulticast &&
                ni.GetIPProperties().UnicastAddresses.Any(a => a.Address.AddressFamily == AddressFamily.InterNetworkV6))
            {
                return ni.GetIPProperties().GetIPv6Properties().Index;
            }
        }
        return 0;
    }

    private sealed class AnswerCollector(DnsName name) : IMdnsDatagramHandler
    {
        public TaskCompletionSource<IPEndPoint> First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote, int interfaceIndex)
        {
            if (DnsMessage.TryRead(datagram, out var m) == DnsReadStatus.Ok && m!.IsResponse && m.Answers.Any(a => a.Name == name))
            {
                First.TrySetResult(remote);
            }
        }
    }
}
