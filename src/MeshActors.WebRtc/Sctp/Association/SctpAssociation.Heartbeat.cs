using System.Buffers.Binary;

namespace MeshActors.WebRtc.Sctp;

// Heartbeats (RFC 9260 §8.3): an idle association probes the peer; answers measure RTT and clear errors.
public sealed partial class SctpAssociation
{
    private const int HeartbeatInfoSize = 16;
    private ulong _heartbeatNonce;
    private bool _heartbeatOutstanding;

    /// <summary>Pushes the next heartbeat back: called whenever DATA goes out, so only an idle association probes.</summary>
    private void RestartHeartbeat(TimeSpan now)
    {
        if (_options.HeartbeatInterval > TimeSpan.Zero && !_terminated)
        {
            _heartbeat.Deadline = now + _options.HeartbeatInterval + T3Duration;
        }
    }

    private void OnHeartbeatTimerExpired(TimeSpan now)
    {
        if (_state is SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
        {
            _heartbeat.Stop();
            return;
        }
        if (_heartbeatOutstanding && CountAssociationError())
        {
            return;
        }
        Span<byte> info = stackalloc byte[HeartbeatInfoSize];
        BinaryPrimitives.WriteUInt64BigEndian(info, ++_heartbeatNonce);
        BinaryPrimitives.WriteInt64BigEndian(info[8..], now.Ticks);
        QueueControlChunk(_peerTag, new HeartbeatChunk(info));
        Counters.HeartbeatsSent++;
        _heartbeatOutstanding = true;
        _heartbeat.Deadline = now + _options.HeartbeatInterval + T3Duration;
    }

    private void OnHeartbeat(in HeartbeatChunk heartbeat)
    {
        if (_terminated || _peerTag == 0 || heartbeat.Info.Length > _mtu - 64)
        {
            Counters.IgnoredChunks++;
            return;
        }
        QueueControlChunk(_peerTag, new HeartbeatAckChunk(heartbeat.Info));
    }

    private void OnHeartbeatAck(in HeartbeatAckChunk ack, TimeSpan now)
    {
        if (ack.Info.Length != HeartbeatInfoSize || BinaryPrimitives.ReadUInt64BigEndian(ack.Info) != _heartbeatNonce || !_heartbeatOutstanding)
        {
            Counters.IgnoredChunks++;
            return;
        }
        _heartbeatOutstanding = false;
        _associationErrors = 0;
        var sent = TimeSpan.FromTicks(BinaryPrimitives.ReadInt64BigEndian(ack.Info[8..]));
        if (sent <= now)
        {
            _rto.Update(now - sent);
        }
    }
}
