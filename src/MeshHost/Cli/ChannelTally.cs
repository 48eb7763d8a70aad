using System.Text.Json;
using MeshActors.WebRtc.DataChannels;

namespace MeshHost.Cli;

/// <summary>What <c>peer</c> counted on one channel; updated on the connection's executor, read by the command.</summary>
internal sealed class ChannelTally(PeerChannelPlan plan, RtcDataChannel channel)
{
    private readonly object _gate = new();
    private readonly HashSet<int> _seen = [];
    private int _last = -1;
    private long _lastEchoTimestamp;

    public PeerChannelPlan Plan { get; } = plan;

    public RtcDataChannel Channel { get; } = channel;

    public TaskCompletionSource Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Sent { get; private set; }

    /// <summary>Numbered messages that came back intact and new (send mode).</summary>
    public int Echoes { get; private set; }

    /// <summary>Messages received (echo mode: each was sent back).</summary>
    public int Received { get; private set; }

    /// <summary>Echoes this side could not send back because its buffer was full.</summary>
    public int EchoesDropped { get; private set; }

    public int Duplicates { get; private set; }

    public int Corrupt { get; private set; }

    public bool InOrder { get; private set; } = true;

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of the last echo (0 before the first).</summary>
    public long LastEchoTimestamp => Interlocked.Read(ref _lastEchoTimestamp);

    public void CountSent()
    {
        lock (_gate)
        {
            Sent++;
        }
    }

    public void CountEchoed(bool dropped)
    {
        lock (_gate)
        {
            Received++;
            if (dropped)
            {
                EchoesDropped++;
            }
        }
    }

    /// <summary>Checks one echo against the numbered message it must be.</summary>
    public void CheckEcho(RtcDataChannelMessage message, int size, bool binary)
    {
        var index = binary
            ? message.IsText ? -1 : NumberedMessage.CheckBinary(message.Binary!, size)
            : message.IsText ? NumberedMessage.CheckText(message.Text!, size) : -1;
        lock (_gate)
        {
            Received++;
            if (index < 0)
            {
                Corrupt++;
                return;
            }
            if (!_seen.Add(index))
            {
                Duplicates++;
                return;
            }
            if (index < _last)
            {
                InOrder = false;
            }
            _last = index;
            Echoes++;
        }
        Interlocked.Exchange(ref _lastEchoTimestamp, System.Diagnostics.Stopwatch.GetTimestamp());
    }

    /// <summary>Whether a send run passed on this channel: every echo for reliable channels, one for partially reliable ones.</summary>
    public bool Passed(int count, out string? why)
    {
        lock (_gate)
        {
            why = Corrupt > 0 ? $"{Corrupt} corrupt echoes"
                : Duplicates > 0 ? $"{Duplicates} duplicate echoes"
                : Plan.Init.Ordered && !InOrder ? "echoes out of order"
                : Plan.Reliable && Echoes != count ? $"{Echoes} of {count} echoes"
                : !Plan.Reliable && count > 0 && Echoes == 0 ? "no echo at all"
                : null;
            return why is null;
        }
    }

    public void WriteJson(Utf8JsonWriter json)
    {
        lock (_gate)
        {
            json.WriteStartObject();
            json.WriteString("label", Plan.Label);
            if (Channel.Id is { } id)
            {
                json.WriteNumber("id", id);
            }
            else
            {
                json.WriteNull("id");
            }
            json.WriteNumber("sent", Sent);
            json.WriteNumber("echoes", Echoes);
            json.WriteNumber("received", Received);
            json.WriteNumber("duplicates", Duplicates);
            json.WriteNumber("corrupt", Corrupt);
            json.WriteBoolean("in_order", InOrder);
            json.WriteNumber("echoes_dropped", EchoesDropped);
            json.WriteString("state", Channel.ReadyState.ToString().ToLowerInvariant());
            json.WriteEndObject();
        }
    }
}
