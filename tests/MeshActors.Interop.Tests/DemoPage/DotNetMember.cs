using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using MeshActors.Multiplayer;
using MeshActors.Relay;
using MeshActors.Signaling;

namespace MeshActors.Interop.Tests.DemoPage;

/// <summary>A packet a <see cref="DotNetMember"/> received: its sender, SceneMultiplayer command and bytes.</summary>
internal sealed record ReceivedPacket(int From, SceneCommand Command, byte[] Bytes)
{
    /// <summary>The bytes as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Bytes);

    /// <summary>What tests compare: sender, command and text.</summary>
    public (int From, SceneCommand Command, string Text) Summary => (From, Command, Text);
}

/// <summary>
/// A .NET lobby member as a game would run one: <see cref="MultiplayerSignaling"/> driving a
/// <see cref="WebRtcMultiplayerPeer"/>, both polled by one game loop (a 5 ms tick) that also drains packets.
/// Tests talk to it only through the loop: actions and conditions are queued and run on its tick.
/// </summary>
internal sealed class DotNetMember : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);

    private readonly WebRtcMultiplayerPeer _peer;
    private readonly MultiplayerSignaling _signaling;
    private readonly ConcurrentQueue<Action> _actions = new();
    private readonly List<(Func<DotNetMember, bool> Condition, TaskCompletionSource Done)> _waits = [];
    private readonly Channel<ReceivedPacket> _received = Channel.CreateUnbounded<ReceivedPacket>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile Exception? _failure;

    private DotNetMember(WebRtcMultiplayerPeer peer, MultiplayerSignaling signaling)
    {
        _peer = peer;
        _signaling = signaling;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The peer (touch it only inside conditions and actions: they run on the loop).</summary>
    public WebRtcMultiplayerPeer Peer => _peer;

    /// <summary>The signaling (same rule).</summary>
    public MultiplayerSignaling Signaling => _signaling;

    /// <summary>Joins <paramref name="lobby"/> ("" creates one) on <paramref name="server"/> with the given wire profile.</summary>
    public static async Task<DotNetMember> JoinAsync(Uri server, string lobby, bool mesh, WireProfile profile)
    {
        var peer = new WebRtcMultiplayerPeer(options: new WebRtcMultiplayerPeerOptions { WireProfile = profile });
        var signaling = await MultiplayerSignaling.JoinAsync(server, lobby, mesh, peer);
        return new DotNetMember(peer, signaling);
    }

    /// <summary>Waits until <paramref name="condition"/> holds on a tick.</summary>
    public async Task WaitUntilAsync(Func<DotNetMember, bool> condition, string what)
    {
        ThrowIfFailed();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _actions.Enqueue(() => _waits.Add((condition, done)));
        try
        {
            await done.Task.WaitAsync(DemoPageFixture.Timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Timed out waiting for the .NET member: {what}", e);
        }
    }

    /// <summary>Waits for the id and the lobby's name.</summary>
    public async Task<(int Id, string Lobby)> JoinedAsync()
    {
        await WaitUntilAsync(m => m._signaling.PeerId != 0 && m._signaling.Lobby is not null, "id and lobby");
        return (_signaling.PeerId, _signaling.Lobby!);
    }

    /// <summary>Sends <paramref name="text"/> as UTF-8 to <paramref name="target"/> (0 = everyone) on channel 0, reliable.</summary>
    public Task<MultiplayerError> SendAsync(int target, string text) => SendAsync(target, Encoding.UTF8.GetBytes(text));

    /// <summary>Sends <paramref name="packet"/> to <paramref name="target"/> (0 = everyone) on channel 0, reliable.</summary>
    public async Task<MultiplayerError> SendAsync(int target, byte[] packet)
    {
        ThrowIfFailed();
        var sent = new TaskCompletionSource<MultiplayerError>(TaskCreationOptions.RunContinuationsAsynchronously);
        _actions.Enqueue(() =>
        {
            _peer.TargetPeer = target;
            _peer.TransferMode = TransferMode.Reliable;
            _peer.TransferChannel = 0;
            sent.SetResult(_peer.PutPacket(packet));
        });
        return await sent.Task.WaitAsync(DemoPageFixture.Timeout);
    }

    /// <summary>The next packet received.</summary>
    public async Task<ReceivedPacket> ReceiveAsync()
    {
        try
        {
            return await _received.Reader.ReadAsync().AsTask().WaitAsync(DemoPageFixture.Timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException("Timed out waiting for a packet at the .NET member", e);
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new InvalidOperationException("The .NET member's game loop failed.", failure);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await LoopAsync();
        }
        catch (Exception e)
        {
            // A broken loop fails whoever waits on it, at once and with the reason.
            _received.Writer.TryComplete(e);
            foreach (var (_, done) in _waits)
            {
                done.TrySetException(e);
            }
            _failure = e;
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            while (_actions.TryDequeue(out var action))
            {
                action();
            }
            _signaling.Poll();
            _peer.Poll();
            while (_peer.GetAvailablePacketCount() > 0)
            {
                var from = _peer.GetPacketPeer();
                var command = _peer.GetPacketCommand();
                if (_peer.GetPacket(out var packet) == MultiplayerError.Ok)
                {
                    _received.Writer.TryWrite(new ReceivedPacket(from, command, packet.ToArray()));
                }
            }
            for (var i = _waits.Count - 1; i >= 0; i--)
            {
                if (_waits[i].Condition(this))
                {
                    _waits[i].Done.SetResult();
                    _waits.RemoveAt(i);
                }
            }
            try
            {
                await Task.Delay(Tick, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _signaling.DisposeAsync();
        await _peer.DisposeAsync();
        _stop.Dispose();
    }
}
