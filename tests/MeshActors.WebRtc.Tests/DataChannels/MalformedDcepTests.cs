using FsCheck;
using FsCheck.Xunit;
using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Sctp;
using MeshActors.WebRtc.Tests.Sctp;

namespace MeshActors.WebRtc.Tests.DataChannels;

/// <summary>
/// DCEP messages a broken or hostile peer might send, injected straight into the server's SCTP
/// association: the client drops them cleanly (counted, stream reset where RFC 8832 §6 says so), raises
/// no channel, throws nothing, and keeps working.
/// </summary>
public class MalformedDcepTests
{
    /// <summary>Sends raw bytes from the server on <paramref name="streamId"/> with <paramref name="ppid"/>, bypassing the channel layer.</summary>
    private static void Inject(DataChannelPair pair, ushort streamId, uint ppid, byte[] message)
    {
        pair.On(pair.ExecutorB, () =>
        {
            Assert.Equal(SctpSendStatus.Ok, pair.Server.Association!.Send(streamId, ppid, message, SctpSendOptions.Reliable, pair.Network.Clock.Elapsed));
            pair.Server.RequestTransmit();
        });
    }

    private static DataChannelPair Connected(int seed, List<RtcDataChannel> announced)
    {
        var pair = new DataChannelPair(seed);
        pair.Client.DataChannel += announced.Add;
        pair.Connect();
        return pair;
    }

    [Theory]
    [InlineData("03 00 0100 00000000 0005 0000 63686174")] // label length lies (one too many)
    [InlineData("03 00 0100 00000000 0004 0001 63686174")] // protocol length points past the end
    [InlineData("03 00 0100 00000000 ffff ffff")] // huge lengths, no bytes
    [InlineData("03 00 0100 00000000 0000 0000 ff")] // a trailing byte no length accounts for
    [InlineData("03 00 0100 0000")] // truncated header
    [InlineData("03")] // type only
    [InlineData("03 05 0100 00000000 0000 0000")] // unregistered channel type
    public void Malformed_open_creates_no_channel_sends_no_ack_and_resets_the_stream(string hex)
    {
        var announced = new List<RtcDataChannel>();
        using var pair = Connected(1000, announced);
        Inject(pair, 1, (uint)DataChannelPpid.Dcep, Hex.Bytes(hex));
        Assert.True(pair.Run(() => pair.Client.Counters.DcepMalformed == 1));
        Assert.True(pair.Run(() => pair.Client.UsedIdCount == 0)); // the refused stream's reset completed
        Assert.Empty(announced);
        Assert.Equal(1, pair.Client.Counters.DcepOpenRejected);
        Assert.Equal(0, pair.Server.Counters.DcepAckReceived);
        Assert.Equal(SctpDataChannelTransportState.Connected, pair.Client.State);
        Assert.Empty(pair.HandlerErrors);

        // The same stream then opens a proper channel.
        var channel = pair.Server.CreateDataChannel("after");
        Assert.Equal((ushort)1, channel.Id);
        Assert.True(pair.Run(() => announced.Count == 1));
        Assert.Equal("after", announced[0].Label);
    }

    [Theory]
    [InlineData("07")] // unknown message type
    [InlineData("00 00 0100 00000000 0000 0000")] // reserved type from old drafts
    [InlineData("02")] // ACK for a channel nobody opened
    public void Unknown_or_unexpected_dcep_messages_are_dropped_and_counted(string hex)
    {
        var announced = new List<RtcDataChannel>();
        using var pair = Connected(1001, announced);
        Inject(pair, 1, (uint)DataChannelPpid.Dcep, Hex.Bytes(hex));
        Assert.True(pair.Run(() => pair.Client.Counters.DcepMalformed + pair.Client.Counters.DcepUnexpected == 1));
        Assert.Empty(announced);
        Assert.Equal(0, pair.Client.Counters.DcepOpenRejected);
        Assert.Equal(0, pair.Client.UsedIdCount);
    }

    [Fact]
    public void Open_with_the_receivers_own_parity_is_refused()
    {
        var announced = new List<RtcDataChannel>();
        using var pair = Connected(1002, announced);
        // The client (DTLS client) owns even ids: an OPEN from the server on stream 2 breaks RFC 8832 §6.
        Inject(pair, 2, (uint)DataChannelPpid.Dcep, Hex.Bytes("03 00 0100 00000000 0001 0000 78"));
        Assert.True(pair.Run(() => pair.Client.Counters.DcepOpenRejected == 1));
        Assert.Empty(announced);
        Assert.Equal(0, pair.Client.Counters.DcepMalformed);
    }

    [Fact]
    public void Open_on_a_stream_already_used_by_a_channel_leaves_that_channel_alone()
    {
        var announced = new List<RtcDataChannel>();
        using var pair = Connected(1003, announced);
        var negotiatedClient = pair.Client.CreateDataChannel("n", new RtcDataChannelInit { Negotiated = true, Id = 5 });
        var negotiatedServer = pair.Server.CreateDataChannel("n", new RtcDataChannelInit { Negotiated = true, Id = 5 });
        Assert.True(pair.Run(() => negotiatedClient.ReadyState == RtcDataChannelState.Open && negotiatedServer.ReadyState == RtcDataChannelState.Open));
        Inject(pair, 5, (uint)DataChannelPpid.Dcep, Hex.Bytes("03 00 0100 00000000 0001 0000 78"));
        Assert.True(pair.Run(() => pair.Client.Counters.DcepUnexpected == 1));
        Assert.Empty(announced);
        var received = new List<string>();
        negotiatedClient.Message += m => received.Add(m.Text!);
        negotiatedServer.Send("still here");
        Assert.True(pair.Run(() => received.Count == 1));
        Assert.Equal(RtcDataChannelState.Open, negotiatedClient.ReadyState);
    }

    [Fact]
    public void Messages_with_unknown_ppids_or_for_unknown_streams_are_dropped_and_counted()
    {
        var announced = new List<RtcDataChannel>();
        using var pair = Connected(1004, announced);
        Inject(pair, 9, (uint)DataChannelPpid.String, "x"u8.ToArray()); // no channel on 9
        var client = pair.Client.CreateDataChannel("n", new RtcDataChannelInit { Negotiated = true, Id = 11 });
        var server = pair.Server.CreateDataChannel("n", new RtcDataChannelInit { Negotiated = true, Id = 11 });
        Assert.True(pair.Run(() => client.ReadyState == RtcDataChannelState.Open));
        var received = 0;
        client.MessageReceived += (_, _, _) => received++;
        Inject(pair, 11, 99, "x"u8.ToArray()); // not a WebRTC PPID
        Assert.True(pair.Run(() => pair.Client.Counters.UnknownStream == 1 && pair.Client.Counters.UnknownPpid == 1));
        Assert.Equal(0, received);
        _ = server;
    }

    [Fact]
    public void Hundreds_of_random_and_mutated_dcep_messages_never_break_the_receiver()
    {
        var announced = new List<RtcDataChannel>();
        using var pair = Connected(1005, announced);
        var random = new Random(1005);
        var valid = Hex.Bytes("03 82 0100 00000096 0004 0003 6c61626c 707267");
        var injected = 0;
        pair.On(pair.ExecutorB, () =>
        {
            for (var i = 0; i < 400; i++)
            {
                byte[] message;
                if (i % 2 == 0)
                {
                    message = new byte[random.Next(1, 40)];
                    random.NextBytes(message);
                    message[0] = (byte)random.Next(0, 5); // mostly plausible types
                }
                else
                {
                    message = (byte[])valid.Clone();
                    message[random.Next(message.Length)] = (byte)random.Next(256);
                    message = message[..random.Next(1, message.Length + 1)];
                }
                var stream = (ushort)(2 * random.Next(0, 300) + 1);
                if (pair.Server.Association!.Send(stream, (uint)DataChannelPpid.Dcep, message, SctpSendOptions.Reliable, pair.Network.Clock.Elapsed) == SctpSendStatus.Ok)
                {
                    injected++;
                }
            }
            pair.Server.RequestTransmit();
        });
        var counters = pair.Client.Counters;
        Assert.True(pair.Run(() => counters.DcepMalformed + counters.DcepUnexpected + counters.DcepOpenReceived + counters.DcepOpenRejected >= injected / 2));
        pair.Network.RunFor(TimeSpan.FromSeconds(30));
        Assert.Equal(SctpDataChannelTransportState.Connected, pair.Client.State);
        Assert.Equal(announced.Count, counters.DcepOpenReceived);
        Assert.All(announced, c => Assert.Equal(1, c.Id!.Value % 2));
        Assert.Empty(pair.HandlerErrors);

        // Still a working connection.
        var (local, remote) = DataChannelLifecycleTests.OpenPair(pair, "fine");
        var got = new List<string>();
        remote.Message += m => got.Add(m.Text!);
        local.Send("ok");
        Assert.True(pair.Run(() => got.Count == 1));
    }

    [Property(MaxTest = 100)]
    public void Any_dcep_message_on_any_stream_is_handled_exactly_once_without_breaking_anything(byte[] message, ushort stream, bool plausibleOpen)
    {
        if (message.Length == 0)
        {
            return; // SCTP cannot carry an empty message
        }
        if (plausibleOpen && message.Length >= 2)
        {
            message[0] = 0x03; // an OPEN whose other fields are random: lengths that lie, unknown types, odd labels
            message[1] = (byte)(message[1] & 0x83);
        }
        var announced = new List<RtcDataChannel>();
        using var pair = Connected(2000 + stream, announced);
        var counters = pair.Client.Counters;
        Inject(pair, (ushort)(stream % 1024), (uint)DataChannelPpid.Dcep, message);
        Assert.True(pair.Run(() => counters.DcepMalformed + counters.DcepUnexpected + counters.DcepOpenReceived + counters.DcepOpenRejected + counters.DcepAckReceived >= 1));
        pair.Network.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal(SctpDataChannelTransportState.Connected, pair.Client.State);
        Assert.Equal(announced.Count, counters.DcepOpenReceived);
        Assert.True(announced.Count <= 1);
        Assert.Empty(pair.HandlerErrors);
        Assert.Equal(0, pair.Client.Association!.Counters.InternalErrors);
    }

    [Theory]
    [InlineData(DataChannelPpid.StringPartial, true)]
    [InlineData(DataChannelPpid.BinaryPartial, false)]
    public void Deprecated_partial_ppids_are_received_as_their_kind(DataChannelPpid ppid, bool text)
    {
        var announced = new List<RtcDataChannel>();
        using var pair = Connected(1006, announced);
        var client = pair.Client.CreateDataChannel("n", new RtcDataChannelInit { Negotiated = true, Id = 3 });
        pair.Server.CreateDataChannel("n", new RtcDataChannelInit { Negotiated = true, Id = 3 });
        Assert.True(pair.Run(() => client.ReadyState == RtcDataChannelState.Open));
        var received = new List<RtcDataChannelMessage>();
        client.Message += received.Add;
        Inject(pair, 3, (uint)ppid, "abc"u8.ToArray());
        Assert.True(pair.Run(() => received.Count == 1));
        Assert.Equal(text, received[0].IsText);
        Assert.Equal("abc", text ? received[0].Text : System.Text.Encoding.ASCII.GetString(received[0].Binary!));
    }
}
