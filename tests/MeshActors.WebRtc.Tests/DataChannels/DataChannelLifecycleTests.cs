using System.Text;
using MeshActors.WebRtc.DataChannels;

namespace MeshActors.WebRtc.Tests.DataChannels;

/// <summary>Opening, ids, messages and closing over a perfect virtual link.</summary>
public class DataChannelLifecycleTests
{
    [Theory]
    [InlineData(true, null, null)]
    [InlineData(false, null, null)]
    [InlineData(true, (ushort)3, null)]
    [InlineData(false, (ushort)0, null)]
    [InlineData(true, null, (ushort)1500)]
    [InlineData(false, null, (ushort)65535)]
    public void In_band_channel_opens_on_both_sides_with_its_label_protocol_and_reliability(bool ordered, ushort? maxRetransmits, ushort? maxPacketLifeTime)
    {
        using var pair = new DataChannelPair(seed: 1);
        var remote = new List<RtcDataChannel>();
        var remoteOpened = 0;
        pair.Server.DataChannel += channel =>
        {
            remote.Add(channel);
            Assert.Equal(RtcDataChannelState.Open, channel.ReadyState);
            channel.Opened += () => remoteOpened++;
        };
        var local = pair.Client.CreateDataChannel("game ✓", new RtcDataChannelInit
        {
            Ordered = ordered, MaxRetransmits = maxRetransmits, MaxPacketLifeTime = maxPacketLifeTime, Protocol = "godot", Priority = DataChannelPriority.High,
        });
        var localOpened = 0;
        local.Opened += () => localOpened++;
        Assert.Equal(RtcDataChannelState.Connecting, local.ReadyState);
        Assert.Equal((ushort)0, local.Id); // DTLS client, first id

        Assert.True(pair.Run(() => remoteOpened == 1 && localOpened == 1));
        var peer = Assert.Single(remote);
        Assert.Equal("game ✓", peer.Label);
        Assert.Equal("godot", peer.Protocol);
        Assert.Equal((ushort)0, peer.Id);
        Assert.Equal(ordered, peer.Ordered);
        Assert.Equal(maxRetransmits, peer.MaxRetransmits);
        Assert.Equal(maxPacketLifeTime, peer.MaxPacketLifeTime);
        Assert.Equal(DataChannelPriority.High, peer.Priority);
        Assert.False(peer.Negotiated);
        Assert.Equal(RtcDataChannelState.Open, local.ReadyState);
        Assert.Equal(1, pair.Server.Counters.DcepOpenReceived);
        Assert.True(pair.Run(() => pair.Client.Counters.DcepAckReceived == 1));
        Assert.Empty(pair.HandlerErrors);
    }

    [Fact]
    public void Dtls_client_opens_even_ids_and_server_odd_ids_and_both_sides_see_them()
    {
        using var pair = new DataChannelPair(seed: 2);
        var atServer = new List<RtcDataChannel>();
        var atClient = new List<RtcDataChannel>();
        pair.Server.DataChannel += atServer.Add;
        pair.Client.DataChannel += atClient.Add;
        var c0 = pair.Client.CreateDataChannel("c0");
        var c1 = pair.Client.CreateDataChannel("c1");
        var s0 = pair.Server.CreateDataChannel("s0");
        var s1 = pair.Server.CreateDataChannel("s1");
        Assert.Equal([(ushort?)0, 2, 1, 3], new[] { c0.Id, c1.Id, s0.Id, s1.Id });
        Assert.True(pair.Run(() => atServer.Count == 2 && atClient.Count == 2));
        Assert.Equal(["c0", "c1"], atServer.Select(c => c.Label).Order());
        Assert.Equal(["s0", "s1"], atClient.Select(c => c.Label).Order());
        Assert.Equal(new ushort?[] { 1, 3 }, atClient.Select(c => c.Id).Order());
    }

    [Fact]
    public void Channels_created_before_start_get_ids_when_the_dtls_role_is_known_and_open_when_connected()
    {
        using var pair = new DataChannelPair(seed: 3, start: false);
        var early = pair.Server.CreateDataChannel("early");
        var negotiated = pair.Server.CreateDataChannel("n", new RtcDataChannelInit { Negotiated = true, Id = 1 });
        var later = pair.Server.CreateDataChannel("later");
        Assert.Null(early.Id);
        Assert.Equal((ushort)1, negotiated.Id);
        pair.Start();
        Assert.Equal((ushort)3, early.Id); // server: odd, skipping the negotiated 1
        Assert.Equal((ushort)5, later.Id);
        var remote = new List<RtcDataChannel>();
        pair.Client.DataChannel += remote.Add;
        Assert.True(pair.Run(() => remote.Count == 2 && early.ReadyState == RtcDataChannelState.Open && negotiated.ReadyState == RtcDataChannelState.Open));
    }

    [Fact]
    public void Negotiated_channels_with_godot_ids_exchange_messages_without_dcep()
    {
        using var pair = new DataChannelPair(seed: 4);
        var godot = new (string Label, RtcDataChannelInit Init)[]
        {
            ("reliable", new RtcDataChannelInit { Negotiated = true, Id = 1 }),
            ("unreliable", new RtcDataChannelInit { Negotiated = true, Id = 2, Ordered = false, MaxRetransmits = 0 }),
            ("ordered", new RtcDataChannelInit { Negotiated = true, Id = 3, MaxRetransmits = 0 }),
            ("extra", new RtcDataChannelInit { Negotiated = true, Id = 4 }),
        };
        var client = godot.Select(g => pair.Client.CreateDataChannel(g.Label, g.Init)).ToArray();
        var server = godot.Select(g => pair.Server.CreateDataChannel(g.Label, g.Init)).ToArray();
        var received = new List<(ushort, string)>();
        foreach (var channel in server)
        {
            var id = channel.Id!.Value;
            channel.Message += m => received.Add((id, m.Text!));
        }
        pair.Connect();
        Assert.True(pair.Run(() => client.All(c => c.ReadyState == RtcDataChannelState.Open) && server.All(c => c.ReadyState == RtcDataChannelState.Open)));
        foreach (var channel in client)
        {
            channel.Send($"hello on {channel.Id}");
        }
        Assert.True(pair.Run(() => received.Count == 4));
        Assert.Equal(new (ushort, string)[] { (1, "hello on 1"), (2, "hello on 2"), (3, "hello on 3"), (4, "hello on 4") }, received.Order());
        Assert.Equal(0, pair.Server.Counters.DcepOpenReceived + pair.Client.Counters.DcepOpenReceived);
        Assert.Equal(0, pair.Client.Counters.DcepAckReceived);
    }

    [Fact]
    public void Negotiated_id_already_in_use_is_refused()
    {
        using var pair = new DataChannelPair(seed: 5);
        pair.Client.CreateDataChannel("a", new RtcDataChannelInit { Negotiated = true, Id = 7 });
        var error = Assert.Throws<InvalidOperationException>(() => pair.Client.CreateDataChannel("b", new RtcDataChannelInit { Negotiated = true, Id = 7 }));
        Assert.Contains("7", error.Message);
    }

    [Fact]
    public void String_binary_and_empty_messages_arrive_as_sent_through_both_events()
    {
        using var pair = new DataChannelPair(seed: 6);
        var (local, remote) = OpenPair(pair, "m");
        var messages = new List<RtcDataChannelMessage>();
        var spans = new List<(byte[] Data, bool IsText)>();
        remote.Message += messages.Add;
        remote.MessageReceived += (channel, data, isText) =>
        {
            Assert.Same(remote, channel);
            spans.Add((data.ToArray(), isText));
        };
        local.Send("héllo");
        local.Send(new byte[] { 1, 2, 3 });
        local.Send("");
        local.Send(Array.Empty<byte>());
        local.Send(ReadOnlySpan<byte>.Empty);
        Assert.True(pair.Run(() => messages.Count == 5));
        Assert.Equal("héllo", messages[0].Text);
        Assert.True(messages[0].IsText);
        Assert.Equal(new byte[] { 1, 2, 3 }, messages[1].Binary);
        Assert.Equal("", messages[2].Text);
        Assert.Empty(messages[3].Binary!);
        Assert.False(messages[4].IsText);
        Assert.Equal(Encoding.UTF8.GetBytes("héllo"), spans[0].Data);
        Assert.Equal([true, false, true, false, false], spans.Select(s => s.IsText));
        Assert.Empty(spans[2].Data);
    }

    [Fact]
    public void Send_on_a_channel_that_is_not_open_fails_clearly()
    {
        using var pair = new DataChannelPair(seed: 7, start: false);
        var channel = pair.Client.CreateDataChannel("early");
        Assert.Equal(RtcDataChannelSendResult.NotOpen, channel.TrySend("x"u8));
        var error = Assert.Throws<InvalidOperationException>(() => channel.Send("x"));
        Assert.Contains("connecting", error.Message);
        Assert.Equal(0, channel.BufferedAmount);
    }

    [Fact]
    public void Message_larger_than_the_negotiated_maximum_is_refused_and_the_limit_is_the_smaller_side()
    {
        using var pair = new DataChannelPair(seed: 8, remoteMaxMessageSize: SctpDataChannelTransport.DefaultRemoteMaxMessageSize);
        var (local, remote) = OpenPair(pair, "big");
        Assert.Equal(64 * 1024, pair.Client.MaxMessageSize);
        var received = new List<int>();
        remote.MessageReceived += (_, data, _) => received.Add(data.Length);
        Assert.Equal(RtcDataChannelSendResult.MessageTooLarge, local.TrySend(new byte[64 * 1024 + 1]));
        var error = Assert.Throws<ArgumentException>(() => local.Send(new byte[64 * 1024 + 1]));
        Assert.Contains("65536", error.Message);
        Assert.Equal(RtcDataChannelSendResult.Queued, local.TrySend(new byte[64 * 1024]));
        Assert.True(pair.Run(() => received.Count == 1));
        Assert.Equal(64 * 1024, received[0]);
    }

    [Fact]
    public void Closing_a_channel_closes_it_on_both_sides_and_frees_its_stream()
    {
        using var pair = new DataChannelPair(seed: 9);
        var (local, remote) = OpenPair(pair, "bye");
        var events = new List<string>();
        local.Closing += () => events.Add("local closing");
        local.Closed += () => events.Add("local closed");
        remote.Closing += () => events.Add("remote closing");
        remote.Closed += () => events.Add("remote closed");
        var last = new List<string>();
        remote.Message += m => last.Add(m.Text!);
        local.Send("last words");
        local.Close();
        Assert.Equal(RtcDataChannelState.Closing, local.ReadyState);
        Assert.Equal(RtcDataChannelSendResult.NotOpen, local.TrySend("too late"u8));
        Assert.True(pair.Run(() => local.ReadyState == RtcDataChannelState.Closed && remote.ReadyState == RtcDataChannelState.Closed));
        Assert.Equal(["last words"], last); // accepted before Close, so sent before the reset
        Assert.Contains("remote closing", events);
        Assert.DoesNotContain("local closing", events); // W3C: no closing event for a local close()
        Assert.Equal(1, events.Count(e => e == "local closed"));
        Assert.Equal(1, events.Count(e => e == "remote closed"));
        pair.On(pair.ExecutorA, () => Assert.Equal(0, pair.Client.ChannelCount));
        pair.On(pair.ExecutorB, () => Assert.Equal(0, pair.Server.ChannelCount));
        Assert.Equal(0, pair.Client.UsedIdCount);
        Assert.Equal(0, pair.Server.UsedIdCount);
        // The id is free again for a new channel.
        var again = pair.Client.CreateDataChannel("again");
        Assert.Equal((ushort)0, again.Id);
        Assert.True(pair.Run(() => again.ReadyState == RtcDataChannelState.Open));
    }

    [Fact]
    public void Closing_from_the_receiving_side_closes_the_opener_too()
    {
        using var pair = new DataChannelPair(seed: 10);
        var (local, remote) = OpenPair(pair, "x");
        var localClosing = 0;
        local.Closing += () => localClosing++;
        remote.Close();
        Assert.True(pair.Run(() => local.ReadyState == RtcDataChannelState.Closed && remote.ReadyState == RtcDataChannelState.Closed));
        Assert.Equal(1, localClosing);
    }

    [Fact]
    public void Closing_a_channel_before_the_association_is_up_closes_it_at_once()
    {
        using var pair = new DataChannelPair(seed: 11, start: false);
        var channel = pair.Client.CreateDataChannel("never");
        var closed = 0;
        channel.Closed += () => closed++;
        channel.Close();
        pair.Network.RunUntilIdle();
        Assert.Equal(1, closed); // before the transport even started
        pair.Start();
        pair.Connect();
        var late = pair.Client.CreateDataChannel("late");
        late.Close(); // closed before its registration ran: it never reaches the wire either
        Assert.True(pair.Run(() => late.ReadyState == RtcDataChannelState.Closed));
        pair.Network.RunFor(TimeSpan.FromSeconds(1));
        Assert.Equal(RtcDataChannelState.Closed, channel.ReadyState);
        Assert.Equal(0, pair.Server.Counters.DcepOpenReceived);
    }

    [Fact]
    public void A_thousand_channels_opened_and_closed_on_one_association_leave_nothing_behind()
    {
        using var pair = new DataChannelPair(seed: 12);
        pair.Connect();
        var remoteClosed = 0;
        pair.Server.DataChannel += channel => channel.Closed += () => remoteClosed++;
        var localClosed = 0;
        for (var round = 0; round < 10; round++)
        {
            var channels = Enumerable.Range(0, 100).Select(i => pair.Client.CreateDataChannel($"c{round}-{i}")).ToArray();
            Assert.True(pair.Run(() => channels.All(c => c.ReadyState == RtcDataChannelState.Open)));
            foreach (var channel in channels)
            {
                channel.Closed += () => localClosed++;
                channel.Send("ping");
                channel.Close();
            }
            Assert.True(pair.Run(() => localClosed == (round + 1) * 100 && remoteClosed == (round + 1) * 100));
        }
        pair.On(pair.ExecutorA, () => Assert.Equal(0, pair.Client.ChannelCount));
        pair.On(pair.ExecutorB, () => Assert.Equal(0, pair.Server.ChannelCount));
        Assert.Equal(0, pair.Client.UsedIdCount);
        Assert.Equal(0, pair.Server.UsedIdCount);
        Assert.Equal(1000, pair.Client.Counters.ChannelsClosed);
        Assert.Equal(1000, pair.Server.Counters.ChannelsClosed);
        Assert.Empty(pair.HandlerErrors);
    }

    [Fact]
    public void Aborting_the_association_closes_every_channel_on_both_sides_with_an_error()
    {
        using var pair = new DataChannelPair(seed: 13);
        var (local, remote) = OpenPair(pair, "doomed");
        var errors = new List<RtcDataChannelError>();
        local.Error += errors.Add;
        remote.Error += errors.Add;
        pair.Client.Abort("test abort");
        Assert.True(pair.Run(() => local.ReadyState == RtcDataChannelState.Closed && remote.ReadyState == RtcDataChannelState.Closed));
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(RtcErrorDetailType.SctpFailure, e.Detail));
        Assert.Equal(SctpDataChannelTransportState.Closed, pair.Server.State);
        Assert.Throws<InvalidOperationException>(() => pair.Client.CreateDataChannel("after"));
        pair.Network.RunUntilIdle();
        Assert.Equal(0, pair.Network.Clock.ArmedTimerCount); // no timer outlives the transports
    }

    [Fact]
    public void A_throwing_handler_is_reported_and_the_connection_carries_on()
    {
        using var pair = new DataChannelPair(seed: 14);
        var (local, remote) = OpenPair(pair, "x");
        var reported = new List<Exception>();
        pair.Server.HandlerException += reported.Add;
        var received = 0;
        remote.Message += m =>
        {
            received++;
            throw new InvalidOperationException("game bug");
        };
        local.Send("one");
        local.Send("two");
        Assert.True(pair.Run(() => received == 2));
        Assert.Equal(2, reported.Count);
        Assert.Equal(2, pair.Server.Counters.HandlerExceptions);
        Assert.Equal(RtcDataChannelState.Open, remote.ReadyState);
        pair.HandlerErrors.Clear();
    }

    /// <summary>Opens an in-band channel from the client and returns both ends once open.</summary>
    internal static (RtcDataChannel Local, RtcDataChannel Remote) OpenPair(DataChannelPair pair, string label, RtcDataChannelInit? init = null)
    {
        RtcDataChannel? remote = null;
        void OnChannel(RtcDataChannel channel) => remote = channel;
        pair.Server.DataChannel += OnChannel;
        var local = pair.Client.CreateDataChannel(label, init);
        // Until the ACK arrives the opener sends ordered (RFC 8832 §6): wait for it so tests see the channel's own ordering.
        Assert.True(pair.Run(() => remote is not null && local.ReadyState == RtcDataChannelState.Open && !local.AwaitingAck));
        pair.Server.DataChannel -= OnChannel;
        return (local, remote!);
    }
}
