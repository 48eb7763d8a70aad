using System.Net;
using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Tests.Net;

/// <summary>Test handler: keeps a copy of every datagram with its source and the time it arrived.</summary>
internal sealed class RecordingHandler : IDatagramSocketHandler
{
    private readonly object _gate = new();
    private readonly List<(byte[] Payload, IPEndPoint Remote, TimeSpan At)> _received = new();
    private readonly TimeProvider? _time;
    private readonly long _start;

    public RecordingHandler(TimeProvider? time = null)
    {
        _time = time;
        _start = time?.GetTimestamp() ?? 0;
    }

    /// <summary>Called after recording, on the delivering thread.</summary>
    public Action<byte[], IPEndPoint>? OnReceived { get; set; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _received.Count;
            }
        }
    }

    public List<(byte[] Payload, IPEndPoint Remote, TimeSpan At)> Snapshot()
    {
        lock (_gate)
        {
            return new(_received);
        }
    }

    public void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        var copy = datagram.ToArray();
        var at = _time is null ? TimeSpan.Zero : _time.GetElapsedTime(_start);
        lock (_gate)
        {
            _received.Add((copy, remote, at));
            Monitor.PulseAll(_gate);
        }
        OnReceived?.Invoke(copy, remote);
    }

    /// <summary>Waits (real time) until at least <paramref name="count"/> datagrams arrived; false on timeout.</summary>
    public bool WaitForCount(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (_received.Count < count)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }
                Monitor.Wait(_gate, left);
            }
            return true;
        }
    }
}
