using Akka.Actor;
using BenchmarkDotNet.Attributes;
using MeshActors.Multiplayer;
using MeshActors.Peers;

namespace MeshActors.Benchmarks.Mesh;

/// <summary>
/// What the facade itself costs per packet, without the network: two facades joined by an in-memory link that
/// hands each message straight to the other side. PutPacket, Poll, metadata and GetPacket of one 100-byte
/// packet, in the Raw and the SceneMultiplayer profile.
/// </summary>
[MemoryDiagnoser]
public class FacadeOverheadBenchmarks
{
    private readonly byte[] _packet = new byte[100];
    private ActorSystem _system = null!;
    private WebRtcMultiplayerPeer _sender = null!;
    private WebRtcMultiplayerPeer _receiver = null!;

    [Params(WireProfile.Raw, WireProfile.SceneMultiplayer)]
    public WireProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _system = MeshBench.CreateSystem();
        var options = new WebRtcMultiplayerPeerOptions { WireProfile = Profile };
        _sender = new WebRtcMultiplayerPeer(_system, options);
        _receiver = new WebRtcMultiplayerPeer(_system, options);
        _sender.CreateMesh(1);
        _receiver.CreateMesh(2);
        var (a, b) = InMemoryLink.Pair();
        MeshBench.Check(_sender.AddPeerLink(a, 2, 1));
        MeshBench.Check(_receiver.AddPeerLink(b, 1, 1));
        a.Open();
        b.Open();
        MeshBench.PollUntilAsync([_sender, _receiver], () => _sender.IsPeerConnected(2) && _receiver.IsPeerConnected(1)).GetAwaiter().GetResult();
        _sender.TargetPeer = 2;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
        _system.Terminate().Wait();
    }

    [Benchmark]
    public int PutPollGetOnePacket()
    {
        _sender.PutPacket(_packet);
        _receiver.Poll();
        var from = _receiver.GetPacketPeer();
        _ = _receiver.GetPacketMode();
        _receiver.GetPacket(out var data);
        return from + data.Length;
    }

    /// <summary>An <see cref="IPeerLink"/> whose Send delivers to the other end synchronously.</summary>
    private sealed class InMemoryLink : IPeerLink
    {
        private InMemoryLink? _remote;
        private IPeerLinkObserver? _observer;
        private LinkChannelState[] _channels = [];
        private LinkConnectionState _state;

        public LinkConnectionState ConnectionState => _state;

        public int ChannelCount => _channels.Length;

        public object Connection => this;

        public IReadOnlyList<object> Channels => [];

        public static (InMemoryLink A, InMemoryLink B) Pair()
        {
            var a = new InMemoryLink();
            var b = new InMemoryLink { _remote = a };
            a._remote = b;
            return (a, b);
        }

        public void Open()
        {
            _state = LinkConnectionState.Connected;
            _observer?.OnConnectionStateChanged(_state);
            for (var i = 0; i < _channels.Length; i++)
            {
                _channels[i] = LinkChannelState.Open;
                _observer?.OnChannelStateChanged(i, LinkChannelState.Open);
            }
        }

        public LinkChannelState GetChannelState(int channel) => _channels[channel];

        public bool TryCreateChannels(IReadOnlyList<ChannelSpec> channels)
        {
            _channels = new LinkChannelState[channels.Count];
            return true;
        }

        public void Start(IPeerLinkObserver observer) => _observer = observer;

        public MultiplayerError Send(int channel, ReadOnlySpan<byte> message)
        {
            _remote!._observer?.OnMessage(channel, message);
            return MultiplayerError.Ok;
        }

        public void Close() => _state = LinkConnectionState.Closed;

        public Task<LinkStatistics> GetStatisticsAsync() => Task.FromResult(default(LinkStatistics));

        public void Dispose() => _state = LinkConnectionState.Closed;
    }
}
