using System.Text;

namespace MeshActors.WebRtc.DataChannels;

public sealed partial class RtcDataChannel
{
    /// <summary>
    /// Delivers one user message (executor only). PPIDs 51/54 are strings, 53/52 binary, 56/57 empty
    /// (their one byte is ignored, RFC 8831 §6.6); anything else is dropped and counted. W3C: a
    /// message arriving while the channel is not open is discarded.
    /// </summary>
    internal void Deliver(uint ppid, ReadOnlySpan<byte> data)
    {
        bool isText;
        switch ((DataChannelPpid)ppid)
        {
            case DataChannelPpid.String:
            case DataChannelPpid.StringPartial:
                isText = true;
                break;
            case DataChannelPpid.Binary:
            case DataChannelPpid.BinaryPartial:
                isText = false;
                break;
            case DataChannelPpid.StringEmpty:
                isText = true;
                data = [];
                break;
            case DataChannelPpid.BinaryEmpty:
                isText = false;
                data = [];
                break;
            default:
                _transport.CountUnknownPpid();
                return;
        }
        if (Volatile.Read(ref _state) != (int)RtcDataChannelState.Open)
        {
            _transport.CountDroppedNotOpen();
            return;
        }
        _transport.CountMessageReceived(data.Length);
        Volatile.Write(ref _messagesReceived, _messagesReceived + 1);
        Volatile.Write(ref _bytesReceived, _bytesReceived + data.Length);
        var spanHandler = MessageReceived;
        if (spanHandler is not null)
        {
            _transport.Invoke(spanHandler, this, data, isText);
        }
        var handler = Message;
        if (handler is not null)
        {
            var message = isText ? new RtcDataChannelMessage(Encoding.UTF8.GetString(data)) : new RtcDataChannelMessage(data.ToArray());
            _transport.Invoke(handler, message);
        }
    }
}
