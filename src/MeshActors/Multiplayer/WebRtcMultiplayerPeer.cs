using System.Collections.Concurrent;
using System.Security.Cryptography;
using Akka.Actor;
using MeshActors.Mesh;
using MeshActors.Peers;
using MeshActors.Relay;

namespace MeshActors.Multiplayer;

/// <summary>
/// Godot 4's <c>WebRTCMultiplayerPeer</c>, the .NET way (reference/godot.md §1–2): same modes, same
/// negotiated channels (ids 1, 2, 3, then 4, … for extras), same poll algorithm, fairness, targeting
/// and statuses, so Godot games and .NET programs can share a mesh.
/// </summary>
/// <remarks>
/// <para><b>Threading.</b> Like Godot's class, one caller at a time (typically the game loop).
/// <see cref="PeerConnected"/> and <see cref="PeerDisconnected"/> are raised on the caller's thread,
/// inside <see cref="Poll"/>, or inside <see cref="RemovePeer"/> when it removes a connected peer
/// (as Godot's <c>remove_peer</c> does). Received packets wait in per-channel queues filled by the
/// connections' threads; the control path (peers joining, failing, closing) goes through actors.</para>
/// <para><b>Errors.</b> Expected run-time failures return a <see cref="MultiplayerError"/> (Godot's
/// <c>Error</c> values). Programming errors throw: null arguments, undefined enum values, use after
/// dispose, reading <see cref="UniqueId"/> while disconnected. Where Godot only prints an error for an
/// absent peer (remove, disconnect, get), the method returns false or null, because a peer may have left
/// between two calls.</para>
/// <para><b>Actors.</b> Works on an <see cref="ActorSystem"/> the caller owns, or creates its own when
/// given none. Disposing stops the mesh's actors, which close every connection, and terminates an
/// owned system.</para>
/// </remarks>
public sealed partial class WebRtcMultiplayerPeer : IDisposable, IAsyncDisposable
{
    /// <summary>Target every peer (<c>TARGET_PEER_BROADCAST</c>).</summary>
    public const int TargetPeerBroadcast = 0;

    /// <summary>The server's id (<c>TARGET_PEER_SERVER</c>).</summary>
    public const int TargetPeerServer = MultiplayerRules.ServerId;

    /// <summary>Godot's informational packet size limit (not enforced, §1.9).</summary>
    private const int GodotMaxPacketSize = 1200;

    private static long s_instances;

    private readonly ActorSystem _system;
    private readonly bool _ownsSystem;
    private readonly IActorRef _mesh;
    private readonly SceneRelay? _relay;
    private readonly Signals _signals;
    private readonly MultiplayerSettings _settings;
    private readonly PeerTable<Slot> _peers = new();
    private TransferMode _transferMode = TransferMode.Reliable;
    private TransferMode[] _extraModes = [];
    private TransferMode[] _channelModes = [TransferMode.Reliable, TransferMode.UnreliableOrdered, TransferMode.Unreliable];
    private bool _refuseNewConnections;
    private int _uniqueId;
    private int _disposed;

    /// <summary>Creates a peer in mode none; call <see cref="CreateServer"/>, <see cref="CreateClient"/> or <see cref="CreateMesh"/>.</summary>
    /// <param name="system">The actor system to run on; null creates one that this peer owns and terminates on dispose.</param>
    /// <param name="options">Profile and overrides of the HOCON defaults.</param>
    public WebRtcMultiplayerPeer(ActorSystem? system = null, WebRtcMultiplayerPeerOptions? options = null)
    {
        options ??= new WebRtcMultiplayerPeerOptions();
        if (!Enum.IsDefined(options.WireProfile))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.WireProfile, "WireProfile is not a defined value.");
        }
        if (system is null)
        {
            system = ActorSystem.Create("meshactors", MeshActorsConfig.Defaults);
            _ownsSystem = true;
        }
        _system = system;
        var config = MeshActorsConfig.WithDefaults(system.Settings.Config);
        var peerSettings = PeerSettings.From(config);
        if (options.ConnectTimeout is { } connectTimeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(connectTimeout, TimeSpan.Zero, nameof(options));
            peerSettings = peerSettings with { ConnectTimeout = connectTimeout };
        }
        _settings = MultiplayerSettings.From(config);
        if (options.MaxQueuedBytesPerChannel is { } maxQueued)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxQueued, 0, nameof(options));
            _settings = _settings with { MaxQueuedBytesPerChannel = maxQueued };
        }
        Profile = options.WireProfile;
        _relay = Profile == WireProfile.SceneMultiplayer ? new SceneRelay() : null;
        _signals = new Signals();
        _mesh = system.ActorOf(MeshActor.Props(peerSettings, _signals, _relay), $"mesh-{Interlocked.Increment(ref s_instances)}");
    }

    /// <summary>A peer became connected (connection connected and every channel open), or a relayed peer was announced.</summary>
    public event EventHandler<PeerEventArgs>? PeerConnected;

    /// <summary>A connected peer left, or a relayed peer was withdrawn.</summary>
    public event EventHandler<PeerEventArgs>? PeerDisconnected;

    /// <summary>How packets are framed (fixed at construction).</summary>
    public WireProfile Profile { get; }

    /// <summary>What this peer was created as (<c>network_mode</c>).</summary>
    public NetworkMode Mode { get; private set; }

    /// <summary>
    /// Disconnected until created; a server or mesh is connected at once (even with no peers); a client
    /// is connecting until peer 1 is connected, and disconnected once it is lost (§1.9).
    /// </summary>
    public ConnectionStatus ConnectionStatus { get; private set; }

    /// <summary>
    /// This peer's id. Reading it while <see cref="ConnectionStatus"/> is disconnected is a programming
    /// error (Godot prints an error and answers 1) and throws.
    /// </summary>
    public int UniqueId
    {
        get
        {
            ThrowIfDisposed();
            if (ConnectionStatus == ConnectionStatus.Disconnected)
            {
                throw new InvalidOperationException(
                    "UniqueId is undefined while disconnected: call CreateServer, CreateClient or CreateMesh first (a client is also disconnected once its server is lost).");
            }
            return _uniqueId;
        }
    }

    /// <summary>True when the unique id is 1 (so a mesh peer with id 1 is a server too, as in Godot).</summary>
    public bool IsServer => _uniqueId == MultiplayerRules.ServerId;

    /// <summary>True in server and client modes: SceneMultiplayer may relay through peer 1 (§1.9).</summary>
    public bool IsServerRelaySupported => Mode is NetworkMode.Server or NetworkMode.Client;

    /// <summary>When true, <see cref="AddPeer"/> answers <see cref="MultiplayerError.Unauthorized"/>. Not reset by <see cref="Close"/>.</summary>
    public bool RefuseNewConnections
    {
        get => _refuseNewConnections;
        set
        {
            ThrowIfDisposed();
            _refuseNewConnections = value;
            _mesh.Tell(new SetRefuseNewConnections(value), ActorRefs.Nobody);
        }
    }

    /// <summary>Target of <see cref="PutPacket"/>: 0 every peer, N peer N, −N every peer but N. Reset to 0 by <see cref="Close"/>.</summary>
    public int TargetPeer { get; set; }

    /// <summary>Mode of <see cref="PutPacket"/> on transfer channel 0; <see cref="TransferMode.Reliable"/> by default.</summary>
    public TransferMode TransferMode
    {
        get => _transferMode;
        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "TransferMode is not a defined value.");
            }
            _transferMode = value;
        }
    }

    /// <summary>
    /// Channel of <see cref="PutPacket"/>: 0 picks one of the three reserved channels by
    /// <see cref="TransferMode"/>; k &gt; 0 picks extra channel k, whose configured mode applies. Not clamped.
    /// </summary>
    public int TransferChannel { get; set; }

    /// <summary>1200, Godot's informational value; <see cref="PutPacket"/> does not enforce it.</summary>
    public int MaxPacketSize => GodotMaxPacketSize;

    /// <summary>Counters of the SceneMultiplayer relay (zero in the Raw profile).</summary>
    public RelayStatistics RelayStatistics => _relay is null ? default : new RelayStatistics(_relay.Relayed, _relay.Dropped);

    /// <summary>The actor system the mesh runs on (tests).</summary>
    internal ActorSystem System => _system;

    /// <summary>A random id in 2..2147483647 for <see cref="CreateClient"/> or <see cref="CreateMesh"/>.</summary>
    public static int GenerateUniqueId() => RandomNumberGenerator.GetInt32(int.MaxValue - 1) + 2;

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        CloseCore();
        _signals.WakeForShutdown();
        StopAsync().GetAwaiter().GetResult();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        CloseCore();
        _signals.WakeForShutdown();
        await StopAsync().ConfigureAwait(false);
    }

    private async Task StopAsync()
    {
        try
        {
            await _mesh.GracefulStop(_settings.StopTimeout).ConfigureAwait(false);
        }
        catch (TaskCanceledException)
        {
            // Timed out: the actors keep stopping in the background.
        }
        if (_ownsSystem)
        {
            await _system.Terminate().ConfigureAwait(false);
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    /// <summary>One row of Godot's <c>peer_map</c> as the caller sees it.</summary>
    private sealed class Slot(int peerId, long incarnation, IPeerLink link, PeerInbox inbox)
    {
        public int PeerId { get; } = peerId;

        public long Incarnation { get; } = incarnation;

        public IPeerLink Link { get; } = link;

        public PeerInbox Inbox { get; } = inbox;

        /// <summary>Godot's <c>connected</c>: set by Poll only.</summary>
        public bool Connected { get; set; }

        /// <summary>A graceful disconnect was requested: the next Poll sees the connection closed.</summary>
        public bool CloseRequested { get; set; }

        /// <summary>The mesh reported it connected; applied by the next Poll.</summary>
        public bool PendingConnected { get; set; }

        /// <summary>The mesh reported it lost; applied by the next Poll.</summary>
        public bool PendingLost { get; set; }

        public long PacketsSent { get; set; }

        public long BytesSent { get; set; }
    }

    /// <summary>Something Poll applies: a mesh event, or a relayed peer announced by peer 1.</summary>
    private enum PendingKind
    {
        Connected,
        Lost,
        RelayedAdded,
        RelayedRemoved,
    }

    private readonly record struct PendingEvent(PendingKind Kind, int PeerId, long Incarnation);

    /// <summary>
    /// Where the mesh actor and the connections' threads leave work for the caller's thread, and the
    /// wake-up of an async reader.
    /// </summary>
    private sealed class Signals : IMeshObserver, IInboxListener
    {
        private readonly SemaphoreSlim _wakeup = new(0, 1);
        private int _armed;

        public ConcurrentQueue<PendingEvent> Events { get; } = new();

        public void OnMeshEvent(IMeshEvent meshEvent)
        {
            var kind = meshEvent is MeshPeerConnected ? PendingKind.Connected : PendingKind.Lost;
            Events.Enqueue(new PendingEvent(kind, meshEvent.PeerId, meshEvent.Incarnation));
            Wake();
        }

        public void OnPacketQueued() => Wake();

        public void OnRelayedPeer(bool added, int peerId, long viaIncarnation)
        {
            Events.Enqueue(new PendingEvent(added ? PendingKind.RelayedAdded : PendingKind.RelayedRemoved, peerId, viaIncarnation));
            Wake();
        }

        /// <summary>The reader is about to look for work; anything arriving from now on wakes it.</summary>
        public void Arm() => Volatile.Write(ref _armed, 1);

        public Task WaitAsync(CancellationToken cancellationToken) => _wakeup.WaitAsync(cancellationToken);

        /// <summary>Wakes a waiting reader so it sees the facade is disposed.</summary>
        public void WakeForShutdown()
        {
            Volatile.Write(ref _armed, 1);
            Wake();
        }

        private void Wake()
        {
            if (Volatile.Read(ref _armed) == 1 && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                try
                {
                    _wakeup.Release();
                }
                catch (SemaphoreFullException)
                {
                    // already signalled
                }
            }
        }
    }
}
