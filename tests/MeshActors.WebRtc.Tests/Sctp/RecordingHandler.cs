using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.Sctp;

/// <summary>Records every event of one association; optional reactions model the data-channel layer.</summary>
internal sealed class RecordingHandler : ISctpAssociationHandler
{
    public SctpAssociation? Association { get; set; }
    public int ConnectedCount { get; private set; }
    public int RestartCount { get; private set; }
    public SctpCloseInfo? Closed { get; private set; }
    public int ClosedCount { get; private set; }
    public List<ReceivedMessage> Messages { get; } = [];
    public List<ushort> IncomingResets { get; } = [];
    public List<ushort> OutgoingResets { get; } = [];
    public List<(ushort Stream, SctpReconfigurationResult Result)> FailedResets { get; } = [];
    public List<ushort> LowBuffered { get; } = [];

    /// <summary>When set, an incoming reset is answered by resetting our outgoing side (what WebRTC does).</summary>
    public bool ResetOwnSideOnIncomingReset { get; set; }

    /// <summary>When set, messages are counted but not stored (long runs).</summary>
    public bool CountOnly { get; set; }
    public long MessageCount { get; private set; }
    public long ByteCount { get; private set; }

    public Action<ushort, uint, ReadOnlySpan<byte>>? OnMessageAction { get; set; }

    public void OnConnected() => ConnectedCount++;

    public void OnMessage(ushort streamId, uint payloadProtocolId, ReadOnlySpan<byte> message)
    {
        MessageCount++;
        ByteCount += message.Length;
        if (!CountOnly)
        {
            Messages.Add(new ReceivedMessage(streamId, payloadProtocolId, message.ToArray()));
        }
        OnMessageAction?.Invoke(streamId, payloadProtocolId, message);
    }

    public long LowBufferedCount { get; private set; }

    public void OnBufferedAmountLow(ushort streamId)
    {
        LowBufferedCount++;
        if (!CountOnly)
        {
            LowBuffered.Add(streamId);
        }
    }

    public void OnIncomingStreamsReset(ReadOnlySpan<ushort> streamIds)
    {
        IncomingResets.AddRange(streamIds);
        if (ResetOwnSideOnIncomingReset && Association is not null)
        {
            Association.ResetStreams(streamIds);
        }
    }

    public void OnOutgoingStreamsReset(ReadOnlySpan<ushort> streamIds) => OutgoingResets.AddRange(streamIds);

    public void OnStreamsResetFailed(ReadOnlySpan<ushort> streamIds, SctpReconfigurationResult result)
    {
        foreach (var id in streamIds)
        {
            FailedResets.Add((id, result));
        }
    }

    public void OnRestarted() => RestartCount++;

    public void OnClosed(SctpCloseInfo info)
    {
        Closed = info;
        ClosedCount++;
    }
}

internal sealed record ReceivedMessage(ushort Stream, uint Ppid, byte[] Data);
