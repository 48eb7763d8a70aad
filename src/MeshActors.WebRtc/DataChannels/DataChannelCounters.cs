namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// What a <see cref="SctpDataChannelTransport"/> did and dropped. Bad input is never thrown: it is
/// dropped and counted here. Values are written on the connection's executor (BufferFull from any
/// thread, atomically) and may be read from any thread.
/// </summary>
public sealed class DataChannelCounters
{
    internal long _channelsOpened;
    internal long _channelsClosed;
    internal long _messagesReceived;
    internal long _bytesReceived;
    internal long _messagesSent;
    internal long _bytesSent;
    internal long _dcepOpenReceived;
    internal long _dcepAckReceived;
    internal long _dcepMalformed;
    internal long _dcepOpenRejected;
    internal long _dcepUnexpected;
    internal long _unknownPpid;
    internal long _unknownStream;
    internal long _droppedNotOpen;
    internal long _sendRefused;
    internal long _bufferFull;
    internal long _handlerExceptions;

    /// <summary>Channels that reached open (both local and remote).</summary>
    public long ChannelsOpened => Volatile.Read(ref _channelsOpened);
    /// <summary>Channels that reached closed.</summary>
    public long ChannelsClosed => Volatile.Read(ref _channelsClosed);
    /// <summary>User messages delivered to channels.</summary>
    public long MessagesReceived => Volatile.Read(ref _messagesReceived);
    /// <summary>Bytes of user messages delivered (empty messages count 0).</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);
    /// <summary>User messages handed to the SCTP association.</summary>
    public long MessagesSent => Volatile.Read(ref _messagesSent);
    /// <summary>Bytes of user messages handed to the SCTP association (wire bytes: an empty message is 1).</summary>
    public long BytesSent => Volatile.Read(ref _bytesSent);
    /// <summary>DATA_CHANNEL_OPEN messages accepted (a channel was created).</summary>
    public long DcepOpenReceived => Volatile.Read(ref _dcepOpenReceived);
    /// <summary>DATA_CHANNEL_ACK messages accepted.</summary>
    public long DcepAckReceived => Volatile.Read(ref _dcepAckReceived);
    /// <summary>DCEP messages that did not decode (truncated, lengths that lie, unknown type or channel type).</summary>
    public long DcepMalformed => Volatile.Read(ref _dcepMalformed);
    /// <summary>DATA_CHANNEL_OPEN messages refused (malformed, wrong parity, stream in use, no free id): the stream was reset, no ACK sent.</summary>
    public long DcepOpenRejected => Volatile.Read(ref _dcepOpenRejected);
    /// <summary>Well-formed DCEP messages that made no sense where they arrived (an ACK for no channel we opened, an OPEN on a used stream).</summary>
    public long DcepUnexpected => Volatile.Read(ref _dcepUnexpected);
    /// <summary>User messages with a PPID that is not a WebRTC one.</summary>
    public long UnknownPpid => Volatile.Read(ref _unknownPpid);
    /// <summary>Messages on a stream with no channel.</summary>
    public long UnknownStream => Volatile.Read(ref _unknownStream);
    /// <summary>Messages discarded because their channel was not open (W3C).</summary>
    public long DroppedNotOpen => Volatile.Read(ref _droppedNotOpen);
    /// <summary>Accepted messages the association refused when they were handed to it (channel closing, association gone).</summary>
    public long SendRefused => Volatile.Read(ref _sendRefused);
    /// <summary>Sends refused because a channel's buffer was full.</summary>
    public long BufferFull => Volatile.Read(ref _bufferFull);
    /// <summary>Exceptions thrown by application event handlers (reported, then ignored).</summary>
    public long HandlerExceptions => Volatile.Read(ref _handlerExceptions);
}
