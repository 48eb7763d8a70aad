using System.Diagnostics.Metrics;

namespace MeshHost.Relay;

/// <summary>The relay's instruments (meter <c>MeshHost.Relay</c>): relay lobbies and the packets their hosts relayed.</summary>
public sealed class RelayMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "MeshHost.Relay";

    private readonly Meter _meter;
    private readonly Counter<long> _relayed;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _created;
    private long _lobbies;
    private long _relayedTotal;
    private long _droppedTotal;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/> (or a standalone meter).</summary>
    public RelayMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _relayed = _meter.CreateCounter<long>("meshhost.relay.packets.relayed", "{packet}", "SceneMultiplayer packets relayed between clients (one per destination).");
        _dropped = _meter.CreateCounter<long>("meshhost.relay.packets.dropped", "{packet}", "Relay packets dropped (malformed, unknown destination, not allowed).");
        _created = _meter.CreateCounter<long>("meshhost.relay.lobbies.created", "{lobby}", "Relay lobbies created.");
        _meter.CreateObservableUpDownCounter("meshhost.relay.lobbies.active", () => Lobbies, "{lobby}", "Open relay lobbies.");
    }

    /// <summary>The meter of these instruments.</summary>
    public Meter Meter => _meter;

    /// <summary>Open relay lobbies.</summary>
    public long Lobbies => Interlocked.Read(ref _lobbies);

    /// <summary>Packets relayed since start, as counted on <c>meshhost.relay.packets.relayed</c> (hosts report every poll).</summary>
    public long RelayedPackets => Interlocked.Read(ref _relayedTotal);

    /// <summary>Relay packets dropped since start (<c>meshhost.relay.packets.dropped</c>).</summary>
    public long DroppedPackets => Interlocked.Read(ref _droppedTotal);

    internal void LobbyOpened()
    {
        Interlocked.Increment(ref _lobbies);
        _created.Add(1);
    }

    internal void LobbyClosed() => Interlocked.Decrement(ref _lobbies);

    internal void Packets(long relayed, long dropped)
    {
        if (relayed > 0)
        {
            Interlocked.Add(ref _relayedTotal, relayed);
            _relayed.Add(relayed);
        }
        if (dropped > 0)
        {
            Interlocked.Add(ref _droppedTotal, dropped);
            _dropped.Add(dropped);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
