using System.Collections.Concurrent;
using MeshActors.Multiplayer;
using MeshActors.Peers;

namespace MeshActors.Tests.Support;

/// <summary>
/// A test double of the peer seam: states are set by the test, sends are recorded and (when wired
/// to a remote double) delivered to it. Callbacks run on the thread that changes the state.
/// </summary>
internal sealed class FakePeerLink : IPeerLink
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private volatile LinkConnectionState _connectionState;
    private LinkChannelState[] _channels = [];
    private IPeerLinkObserver? _observer;

    public FakePeerLink(string name = "link") => Name = name;

    public string Name { get; }

    public LinkConnectionState ConnectionState
    {
        get
        {
            if (ThrowOnStateRead is { } exception)
            {
                throw exception;
            }
            return _connectionState;
        }
    }

    public int ChannelCount => _channels.Length;

    public IReadOnlyList<ChannelSpec>? Specs { get; private set; }

    /// <summary>When set, TryCreateChannels fails.</summary>
    public bool FailChannelCreation { get; set; }

    /// <summary>When set, reading the connection state throws (a broken transport that makes the actor fail).</summary>
    public Exception? ThrowOnStateRead { get; set; }

    /// <summary>The other end: what is sent here is delivered there.</summary>
    public FakePeerLink? Remote { get; set; }

    public ConcurrentQueue<(int Channel, byte[] Data)> Sent { get; } = new();

    public Task Started => _started.Task;

    public bool IsDisposed { get; private set; }

    public int CloseCalls { get; private set; }

    public object Connection => this;

    public IReadOnlyList<object> Channels => [.. Enumerable.Range(0, ChannelCount).Select(i => (object)i)];

    public LinkStatistics Statistics { get; set; }

    /// <summary>Two doubles wired to each other.</summary>
    public static (FakePeerLink A, FakePeerLink B) Pair(string a = "a", string b = "b")
    {
        var left = new FakePeerLink(a);
        var right = new FakePeerLink(b) { Remote = left };
        left.Remote = right;
        return (left, right);
    }

    public LinkChannelState GetChannelState(int channel) => _channels[channel];

    public bool TryCreateChannels(IReadOnlyList<ChannelSpec> channels)
    {
        if (FailChannelCreation)
        {
            return false;
        }
        Specs = channels;
        _channels = new LinkChannelState[channels.Count];
        return true;
    }

    public void Start(IPeerLinkObserver observer)
    {
        _observer = observer;
        _started.TrySetResult();
    }

    public MultiplayerError Send(int channel, ReadOnlySpan<byte> message)
    {
        if ((uint)channel >= (uint)_channels.Length)
        {
            return MultiplayerError.InvalidParameter;
        }
        if (_channels[channel] != LinkChannelState.Open)
        {
            return MultiplayerError.Unconfigured;
        }
        var copy = message.ToArray();
        Sent.Enqueue((channel, copy));
        Remote?.Deliver(channel, copy);
        return MultiplayerError.Ok;
    }

    public void Close()
    {
        CloseCalls++;
        SetConnectionState(LinkConnectionState.Closed);
    }

    public Task<LinkStatistics> GetStatisticsAsync() => Task.FromResult(Statistics);

    public void Dispose()
    {
        IsDisposed = true;
        if (_connectionState != LinkConnectionState.Closed)
        {
            SetConnectionState(LinkConnectionState.Closed);
        }
    }

    public void SetConnectionState(LinkConnectionState state)
    {
        lock (_gate)
        {
            _connectionState = state;
            _observer?.OnConnectionStateChanged(state);
        }
    }

    /// <summary>Changes the state without an event (what a W3C close() by the owner does).</summary>
    public void SetConnectionStateSilently(LinkConnectionState state) => _connectionState = state;

    public void SetChannelState(int channel, LinkChannelState state)
    {
        lock (_gate)
        {
            _channels[channel] = state;
            _observer?.OnChannelStateChanged(channel, state);
        }
    }

    /// <summary>Connection connected and every channel open.</summary>
    public void OpenAll()
    {
        SetConnectionState(LinkConnectionState.Connecting);
        SetConnectionState(LinkConnectionState.Connected);
        for (var i = 0; i < _channels.Length; i++)
        {
            SetChannelState(i, LinkChannelState.Open);
        }
    }

    /// <summary>A message arrives from the remote end.</summary>
    public void Deliver(int channel, ReadOnlySpan<byte> message)
    {
        lock (_gate)
        {
            _observer?.OnMessage(channel, message);
        }
    }

    public override string ToString() => $"FakePeerLink({Name}, {_connectionState})";
}
