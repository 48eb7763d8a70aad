using System.Text;
using MeshActors.Signaling;

namespace MeshHost.Tests.Signaling;

public sealed class SignalingMessageTests
{
    [Theory]
    [InlineData(SignalingMessageType.Id, 1, "true", """{"type":1,"id":1,"data":"true"}""")]
    [InlineData(SignalingMessageType.Join, 0, "AbC123", """{"type":0,"id":0,"data":"AbC123"}""")]
    [InlineData(SignalingMessageType.PeerConnect, 2147483647, "", """{"type":2,"id":2147483647,"data":""}""")]
    [InlineData(SignalingMessageType.Seal, 0, "", """{"type":7,"id":0,"data":""}""")]
    [InlineData(SignalingMessageType.Offer, 42, "a\"b\\c", """{"type":4,"id":42,"data":"a\"b\\c"}""")]
    [InlineData(SignalingMessageType.Candidate, 3, "\n0\n0\ncandidate:1", """{"type":6,"id":3,"data":"\n0\n0\ncandidate:1"}""")]
    [InlineData(SignalingMessageType.Answer, 5, "\r\t\b\f\u0001\u001f\u007f", """{"type":5,"id":5,"data":"\r\t\b\f\u0001\u001f"""+"\u007f\"}")]
    [InlineData(SignalingMessageType.Offer, 9, "<a&b>'+/", """{"type":4,"id":9,"data":"<a&b>'+/"}""")]
    public void Writing_produces_the_bytes_of_JSON_stringify(SignalingMessageType type, int id, string data, string expected)
    {
        var message = new SignalingMessage(type, id, data);
        var bytes = message.ToArray();
        Assert.Equal(expected, Encoding.UTF8.GetString(bytes));
        Assert.Equal(bytes.Length, message.GetLength());
    }

    [Fact]
    public void Non_ASCII_is_written_as_raw_UTF8_and_lone_surrogates_are_escaped()
    {
        var message = new SignalingMessage(SignalingMessageType.Offer, 1, "é€😀\ud800x\udc00");
        var bytes = message.ToArray();
        Assert.Equal(message.GetLength(), bytes.Length);
        var expected = Encoding.UTF8.GetBytes("{\"type\":4,\"id\":1,\"data\":\"é€😀").Concat("\\ud800x\\udc00\"}"u8.ToArray()).ToArray();
        Assert.Equal(expected, bytes);
        // .NET strings read from JSON must be valid UTF-16, so lone surrogates do not come back (JavaScript keeps them).
        Assert.Equal(SignalingReadStatus.InvalidJson, SignalingMessage.TryRead(bytes, out _));
        var valid = new SignalingMessage(SignalingMessageType.Offer, 1, "é€😀");
        Assert.Equal(SignalingReadStatus.Ok, SignalingMessage.TryRead(valid.ToArray(), out var read));
        Assert.Equal(valid, read);
    }

    [Fact]
    public void Random_messages_round_trip()
    {
        var random = new Random(1234);
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(0, 64)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = (char)(random.Next(4) == 0 ? random.Next(0, 0x40) : random.Next(0x20, 0x3000));
            }
            var message = new SignalingMessage((SignalingMessageType)random.Next(0, 8), random.Next(0, int.MaxValue), new string(chars));
            var bytes = message.ToArray();
            Assert.Equal(bytes.Length, message.GetLength());
            Assert.Equal(SignalingReadStatus.Ok, SignalingMessage.TryRead(bytes, out var read));
            Assert.Equal(message, read);
        }
    }

    [Theory]
    [InlineData("""{"type":4,"id":7,"data":"x"}""", 4, 7, "x")]
    [InlineData(""" { "data" : "x" , "id" : 7 , "type" : 4 } """, 4, 7, "x")]
    [InlineData("""{"type":4.99,"id":7.5,"data":"x"}""", 4, 7, "x")]
    [InlineData("""{"type":-0,"id":0,"data":""}""", 0, 0, "")]
    [InlineData("""{"type":1e0,"id":2E1,"data":""}""", 1, 20, "")]
    [InlineData("""{"type":0,"id":0}""", 0, 0, "")]
    [InlineData("""{"type":0,"id":0,"data":5}""", 0, 0, "")]
    [InlineData("""{"type":0,"id":0,"data":null}""", 0, 0, "")]
    [InlineData("""{"type":0,"id":0,"data":{"nested":["x"]}}""", 0, 0, "")]
    [InlineData("""{"type":9,"id":0,"data":"a","type":5,"data":"b"}""", 5, 0, "b")]
    [InlineData("""{"type":0,"id":2147483647,"data":"\u00e9\n"}""", 0, 2147483647, "é\n")]
    [InlineData("""{"extra":{"type":1},"type":3,"id":1,"data":""}""", 3, 1, "")]
    public void Reading_follows_the_demo_server(string json, int type, int id, string data)
    {
        Assert.Equal(SignalingReadStatus.Ok, SignalingMessage.TryRead(Encoding.UTF8.GetBytes(json), out var message));
        Assert.Equal(new SignalingMessage((SignalingMessageType)type, id, data), message);
    }

    [Theory]
    [InlineData("", SignalingReadStatus.InvalidJson)]
    [InlineData("   ", SignalingReadStatus.InvalidJson)]
    [InlineData("{", SignalingReadStatus.InvalidJson)]
    [InlineData("""{"type":0,"id":0,"data":""}x""", SignalingReadStatus.InvalidJson)]
    [InlineData("""{"type":0,"id":0,"data":""}{}""", SignalingReadStatus.InvalidJson)]
    [InlineData("""{"type":0,"id":0,"data":"" // comment""", SignalingReadStatus.InvalidJson)]
    [InlineData("""{'type':0}""", SignalingReadStatus.InvalidJson)]
    [InlineData("""{"type":0,"id":0,}""", SignalingReadStatus.InvalidJson)]
    [InlineData("""[{"type":0,"id":0}]""", SignalingReadStatus.NotAnObject)]
    [InlineData("7", SignalingReadStatus.NotAnObject)]
    [InlineData("null", SignalingReadStatus.NotAnObject)]
    [InlineData("\"text\"", SignalingReadStatus.NotAnObject)]
    [InlineData("""{"id":0,"data":""}""", SignalingReadStatus.MissingNumber)]
    [InlineData("""{"type":0,"data":""}""", SignalingReadStatus.MissingNumber)]
    [InlineData("""{"type":"0","id":0}""", SignalingReadStatus.MissingNumber)]
    [InlineData("""{"type":0,"id":null}""", SignalingReadStatus.MissingNumber)]
    [InlineData("""{"type":0,"id":true}""", SignalingReadStatus.MissingNumber)]
    [InlineData("""{"type":0,"id":1e999}""", SignalingReadStatus.MissingNumber)]
    [InlineData("""{"type":0,"id":-1}""", SignalingReadStatus.NegativeNumber)]
    [InlineData("""{"type":-0.5,"id":0}""", SignalingReadStatus.NegativeNumber)]
    [InlineData("""{"type":0,"id":2147483648}""", SignalingReadStatus.NumberOutOfRange)]
    public void Malformed_input_is_reported_not_thrown(string json, SignalingReadStatus expected)
    {
        Assert.Equal(expected, SignalingMessage.TryRead(Encoding.UTF8.GetBytes(json), out var message));
        Assert.Equal(default, message);
    }

    [Fact]
    public void Invalid_UTF8_in_data_is_invalid_json()
    {
        var bytes = "{\"type\":0,\"id\":0,\"data\":\"\xff\xfe\"}"u8.ToArray();
        bytes[25] = 0xFF;
        bytes[26] = 0xFE;
        Assert.Equal(SignalingReadStatus.InvalidJson, SignalingMessage.TryRead(bytes, out _));
    }

    [Fact]
    public void Every_truncation_of_a_message_is_rejected_without_throwing()
    {
        var bytes = new SignalingMessage(SignalingMessageType.Candidate, 12345, "\n0\n0\ncandidate:1 1 udp 1 ::1 9 typ host").ToArray();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.NotEqual(SignalingReadStatus.Ok, SignalingMessage.TryRead(bytes.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void Writing_into_a_short_buffer_is_a_programming_error()
    {
        var message = new SignalingMessage(SignalingMessageType.Id, 1, "true");
        Assert.Throws<ArgumentException>(() => message.Write(new byte[message.GetLength() - 1]));
    }

    [Fact]
    public void Candidates_use_the_demo_clients_newline_format()
    {
        var candidate = new SignalingCandidate("0", 1, "candidate:842163049 1 udp 1677729535 192.0.2.1 46154 typ srflx raddr 0.0.0.0 rport 0");
        Assert.Equal("\n0\n1\ncandidate:842163049 1 udp 1677729535 192.0.2.1 46154 typ srflx raddr 0.0.0.0 rport 0", candidate.Format());
        Assert.True(SignalingCandidate.TryParse(candidate.Format(), out var parsed));
        Assert.Equal(candidate, parsed);
        // Empty parts are dropped before counting, as Godot's split(..., false) does.
        Assert.True(SignalingCandidate.TryParse("\n\naudio\n\n3\ncandidate:x\n", out var loose));
        Assert.Equal(new SignalingCandidate("audio", 3, "candidate:x"), loose);
        Assert.False(SignalingCandidate.TryParse("\n0\ncandidate:x", out _));
        Assert.False(SignalingCandidate.TryParse("\n0\nzero\ncandidate:x", out _));
        Assert.False(SignalingCandidate.TryParse("\n0\n0\ncandidate:x\nmore", out _));
    }
}
