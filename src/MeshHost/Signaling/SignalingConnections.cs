using System.Collections.Concurrent;

namespace MeshHost.Signaling;

/// <summary>
/// The open signaling sockets: enforces <see cref="SignalingSettings.MaxConnections"/> and lets shutdown close
/// every connection and wait for them. Thread-safe.
/// </summary>
internal sealed class SignalingConnections
{
    private readonly ConcurrentDictionary<long, SignalingSocket> _open = new();
    private readonly TaskCompletionSource _allClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _max;
    private long _nextId;
    private int _count;
    private volatile bool _stopping;

    public SignalingConnections(SignalingSettings settings) => _max = settings.MaxConnections;

    /// <summary>Open connections.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>True once <see cref="CloseAll"/> ran: new connections are refused.</summary>
    public bool IsStopping => _stopping;

    /// <summary>Reserves a slot; false when the limit is reached or the server is stopping.</summary>
    public bool TryReserve()
    {
        if (_stopping)
        {
            return false;
        }
        if (Interlocked.Increment(ref _count) > _max)
        {
            Release();
            return false;
        }
        return true;
    }

    /// <summary>Registers the socket of a reserved slot; returns its id for <see cref="Remove"/>.</summary>
    public long Add(SignalingSocket socket)
    {
        var id = Interlocked.Increment(ref _nextId);
        _open[id] = socket;
        if (_stopping)
        {
            socket.Close(MeshActors.Signaling.SignalingCloseCodes.GoingAway, MeshActors.Signaling.SignalingCloseCodes.ServerShuttingDown);
        }
        return id;
    }

    /// <summary>Forgets a socket and frees its slot.</summary>
    public void Remove(long id)
    {
        _open.TryRemove(id, out _);
        Release();
    }

    /// <summary>Frees a slot reserved by <see cref="TryReserve"/> whose socket was never added.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _count) == 0 && _stopping)
        {
            _allClosed.TrySetResult();
        }
    }

    /// <summary>Refuses new connections and closes the open ones with <paramref name="code"/>.</summary>
    public void CloseAll(int code, string reason)
    {
        _stopping = true;
        foreach (var socket in _open.Values)
        {
            socket.Close(code, reason);
        }
        if (Count == 0)
        {
            _allClosed.TrySetResult();
        }
    }

    /// <summary>Completes when, after <see cref="CloseAll"/>, every connection has ended.</summary>
    public Task WhenAllClosed => _allClosed.Task;
}
