using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MeshActors.WebRtc.Ice;

namespace MeshActors.WebRtc.Tests.Ice;

public class IceCandidateTests
{
    [Fact]
    public void Host_candidate_priority_follows_the_rfc_8445_formula()
    {
        // 2^24·126 + 2^8·65535 + (256 − 1)
        Assert.Equal(2130706431u, IceCandidate.ComputePriority(IceCandidateType.Host, 65535, 1));
        Assert.Equal((100u << 24) + (65535u << 8) + 255u, IceCandidate.ComputePriority(IceCandidateType.ServerReflexive, 65535, 1));
        Assert.Equal((110u << 24) + (10u << 8) + 254u, IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 10, 2));
        Assert.Equal(255u, IceCandidate.ComputePriority(IceCandidateType.Relay, 0, 1));
    }

    [Fact]
    public void Pair_priority_puts_the_smaller_candidate_priority_in_the_high_word()
    {
        uint g = 2130706431, d = 1694498815;
        Assert.Equal(((ulong)d << 32) + 2ul * g + 1, IceCandidatePair.ComputePriority(g, d));
        Assert.Equal(((ulong)d << 32) + 2ul * g, IceCandidatePair.ComputePriority(d, g));
    }

    [Fact]
    public void A_chrome_server_reflexive_line_parses_with_its_extensions_and_prints_back_identically()
    {
        const string line = "candidate:842163049 1 udp 1677729535 203.0.113.5 46154 typ srflx raddr 192.168.1.5 rport 46154 generation 0 ufrag sXbk network-cost 999";
        var c = IceCandidate.Parse(line);
        Assert.Equal("842163049", c.Foundation);
        Assert.Equal(1, c.Component);
        Assert.Equal(IceTransportProtocol.Udp, c.Protocol);
        Assert.Equal(1677729535u, c.Priority);
        Assert.Equal(IPAddress.Parse("203.0.113.5"), c.IPAddress);
        Assert.Equal(46154, c.Port);
        Assert.Equal(IceCandidateType.ServerReflexive, c.Type);
        Assert.Equal("192.168.1.5", c.RelatedAddress);
        Assert.Equal(46154, c.RelatedPort);
        Assert.Equal(0, c.Generation);
        Assert.Equal("sXbk", c.UsernameFragment);
        Assert.Equal([new KeyValuePair<string, string>("network-cost", "999")], c.Extensions);
        Assert.Equal(line, c.ToString());
    }

    [Fact]
    public void An_mdns_host_candidate_keeps_its_name_and_has_no_end_point_until_resolved()
    {
        var c = IceCandidate.Parse("a=candidate:1467250027 1 udp 2122260223 5b2a1c4e-3f0d-4d2b-9c1a-8f7e6d5c4b3a.local 54400 typ host generation 0 ufrag EsAw network-id 1");
        Assert.True(c.IsMdns);
        Assert.Null(c.IPAddress);
        Assert.Null(c.EndPoint);
        Assert.Equal("5b2a1c4e-3f0d-4d2b-9c1a-8f7e6d5c4b3a.local", c.Address);

        var resolved = c.WithAddress(IPAddress.Parse("192.168.1.7"));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.168.1.7"), 54400), resolved.EndPoint);
        Assert.Equal(c.Priority, resolved.Priority);
        Assert.Equal("EsAw", resolved.UsernameFragment);
    }

    [Theory]
    [InlineData("candidate:0 1 UDP 2122252543 192.168.1.10 56143 typ host", IceTransportProtocol.Udp, IceCandidateType.Host)]
    [InlineData("candidate:1 1 TCP 2105524479 192.168.1.10 9 typ host tcptype active", IceTransportProtocol.Tcp, IceCandidateType.Host)]
    [InlineData("candidate:3 1 udp 2122197247 2001:db8::1 5000 typ host generation 0", IceTransportProtocol.Udp, IceCandidateType.Host)]
    [InlineData("1 1 udp 1845501695 198.51.100.3 6000 typ prflx raddr 0.0.0.0 rport 0", IceTransportProtocol.Udp, IceCandidateType.PeerReflexive)]
    [InlineData("candidate:4 1 udp 16777215 198.51.100.9 3478 typ relay raddr 203.0.113.5 rport 1234", IceTransportProtocol.Udp, IceCandidateType.Relay)]
    public void Browser_and_peer_variants_parse(string line, IceTransportProtocol protocol, IceCandidateType type)
    {
        Assert.True(IceCandidate.TryParse(line, out var c));
        Assert.Equal(protocol, c.Protocol);
        Assert.Equal(type, c.Type);
        // What we print parses back to the same candidate.
        var again = IceCandidate.Parse(c.ToString());
        Assert.Equal(c.ToString(), again.ToString());
        Assert.Equal(c.EndPoint, again.EndPoint);
        Assert.Equal(c.TcpType, again.TcpType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("candidate:")]
    [InlineData("candidate:1 1 udp 2122252543 192.168.1.10 56143 typ")]
    [InlineData("candidate:1 1 udp 2122252543 192.168.1.10 56143 type host")]
    [InlineData("candidate:1 1 sctp 2122252543 192.168.1.10 56143 typ host")]
    [InlineData("candidate:1 1 udp 2122252543 192.168.1.10 56143 typ wormhole")]
    [InlineData("candidate:1 1 udp 9999999999 192.168.1.10 56143 typ host")]
    [InlineData("candidate:1 0 udp 2122252543 192.168.1.10 56143 typ host")]
    [InlineData("candidate:1 1 udp 2122252543 192.168.1.10 65536 typ host")]
    [InlineData("candidate:1 1 udp 2122252543 192.168.1.300 5000 typ host")]
    [InlineData("candidate:1 1 udp 2122252543 fe80::zz 5000 typ host")]
    [InlineData("candidate:fo!o 1 udp 2122252543 192.168.1.10 5000 typ host")]
    [InlineData("candidate:123456789012345678901234567890123 1 udp 1 192.168.1.10 5000 typ host")]
    [InlineData("candidate:1 1 udp 1 192.168.1.10 5000 typ srflx raddr bad/addr rport 1")]
    [InlineData("candidate:1 1 udp 1 192.168.1.10 5000 typ srflx raddr 1.2.3.4 rport x")]
    public void Lines_outside_the_grammar_are_rejected_without_throwing(string line)
    {
        Assert.False(IceCandidate.TryParse(line, out _));
        Assert.Throws<FormatException>(() => IceCandidate.Parse(line));
    }

    [Fact]
    public void A_created_candidate_prints_the_sdp_form()
    {
        var c = IceCandidate.Create(IceCandidateType.ServerReflexive, new IPEndPoint(IPAddress.Parse("203.0.113.5"), 40000),
            1694498815, "77", related: new IPEndPoint(IPAddress.Parse("10.0.0.2"), 50000));
        Assert.Equal("candidate:77 1 udp 1694498815 203.0.113.5 40000 typ srflx raddr 10.0.0.2 rport 50000", c.ToString());
    }

    [Property(MaxTest = 500)]
    public void Candidates_built_from_any_values_round_trip_through_the_sdp_form(uint priority, ushort port, byte component, bool v6, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[v6 ? 16 : 4];
        random.NextBytes(bytes);
        var address = new IPAddress(bytes);
        var foundation = random.Next(1, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var comp = component % 256 + 1;
        var c = IceCandidate.Create(IceCandidateType.Host, new IPEndPoint(address, port), priority, foundation, comp);
        var parsed = IceCandidate.Parse(c.ToString());
        Assert.Equal(c.EndPoint, parsed.EndPoint);
        Assert.Equal(priority, parsed.Priority);
        Assert.Equal(comp, parsed.Component);
        Assert.Equal(foundation, parsed.Foundation);
        Assert.Equal(c.ToString(), parsed.ToString());
    }

    [Property(MaxTest = 2000)]
    public void Arbitrary_text_never_throws(string? text)
    {
        IceCandidate.TryParse(text, out _);
    }

    [Property(MaxTest = 1000)]
    public void Mutated_candidate_lines_never_throw(PositiveInt position, char replacement)
    {
        const string line = "candidate:842163049 1 udp 1677729535 203.0.113.5 46154 typ srflx raddr 192.168.1.5 rport 46154 generation 0 ufrag sXbk";
        var chars = line.ToCharArray();
        chars[position.Get % chars.Length] = replacement;
        IceCandidate.TryParse(new string(chars), out _);
    }
}

public class IceParametersTests
{
    [Fact]
    public void Generated_credentials_have_an_8_char_ufrag_and_a_24_char_password_of_ice_chars()
    {
        var a = IceParameters.Generate();
        var b = IceParameters.Generate();
        Assert.Equal(8, a.UsernameFragment.Length);
        Assert.Equal(24, a.Password.Length);
        Assert.True(IceParameters.IsValidUsernameFragment(a.UsernameFragment));
        Assert.True(IceParameters.IsValidPassword(a.Password));
        Assert.NotEqual(a, b);
        Assert.DoesNotContain(a.Password, a.ToString());
    }

    [Theory]
    [InlineData("abc", "0123456789012345678901")]
    [InlineData("abcd", "012345678901234567890")]
    [InlineData("ab-d", "0123456789012345678901")]
    [InlineData("abcd", "01234567890123456789 1")]
    public void Credentials_outside_the_grammar_are_refused(string ufrag, string pwd)
    {
        Assert.Throws<ArgumentException>(() => new IceParameters(ufrag, pwd));
    }

    [Fact]
    public void Shortest_legal_credentials_are_accepted()
    {
        var p = new IceParameters("a+/Z", "0123456789abcdefABCD+/");
        Assert.Equal("a+/Z", p.UsernameFragment);
    }
}
