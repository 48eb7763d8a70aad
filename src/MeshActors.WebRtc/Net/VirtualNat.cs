using System.Net;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// A NAT in front of one or more hosts of a <see cref="VirtualNetwork"/>: datagrams from a private
/// ip:port to outside leave from <see cref="PublicAddress"/>:mappedPort, with one mapping per
/// private end point whatever the destination (endpoint-independent mapping, RFC 4787 section 4.1);
/// datagrams to a mapping come back to the private end point when <see cref="Filtering"/> lets them.
/// Hosts behind the same NAT reach each other directly by private address; a datagram from
/// inside to the NAT's own public address is translated and looped back (hairpinning).
/// </summary>
/// <remarks>
/// Mappings never expire unless <see cref="MappingLifetime"/> is set. Public ports are assigned in
/// order from 20000, so runs are reproducible.
/// </remarks>
public sealed class VirtualNat
{
    /// <summary>First public port handed out; ports are assigned sequentially.</summary>
    private const int FirstMappedPort = 20000;

    private readonly object _gate;
    private readonly VirtualClock _clock;
    private readonly Dictionary<IPEndPoint, NatMapping> _byPrivate = new();
    private readonly Dictionary<int, NatMapping> _byPort = new();
    private int _nextPort = FirstMappedPort;
    private NatFiltering _filtering;
    private TimeSpan? _mappingLifetime;

    internal VirtualNat(object gate, VirtualClock clock, IPAddress publicAddress, NatFiltering filtering)
    {
        _gate = gate;
        _clock = clock;
        PublicAddress = publicAddress;
        _filtering = filtering;
    }

    /// <summary>The address outside hosts see and send to.</summary>
    public IPAddress PublicAddress { get; }

    /// <summary>Which outside sources may send through a mapping; changeable at any time.</summary>
    public NatFiltering Filtering
    {
        get
        {
            lock (_gate)
            {
                return _filtering;
            }
        }
        set
        {
            lock (_gate)
            {
                _filtering = value;
            }
        }
    }

    /// <summary>
    /// How long a mapping lives after its last outbound datagram; <c>null</c> (the default) keeps
    /// mappings forever. Inbound traffic does not refresh a mapping (RFC 4787 section 4.3 makes that
    /// optional), so an inside endpoint must send keepalives, as ICE consent checks do. An expired
    /// mapping drops inbound datagrams; the next outbound one gets a new public port.
    /// </summary>
    public TimeSpan? MappingLifetime
    {
        get
        {
            lock (_gate)
            {
                return _mappingLifetime;
            }
        }
        set
        {
            if (value is { } lifetime)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, TimeSpan.Zero);
            }
            lock (_gate)
            {
                _mappingLifetime = value;
            }
        }
    }

    /// <summary>Number of live mappings (expired ones count until replaced).</summary>
    public int MappingCount
    {
        get
        {
            lock (_gate)
            {
                return _byPrivate.Count;
            }
        }
    }

    /// <summary>The public end point mapped to <paramref name="privateEndPoint"/>, or <c>null</c> when it has not sent out yet or its mapping expired.</summary>
    public IPEndPoint? GetMapping(IPEndPoint privateEndPoint)
    {
        ArgumentNullException.ThrowIfNull(privateEndPoint);
        lock (_gate)
        {
            return _byPrivate.TryGetValue(privateEndPoint, out var mapping) && !IsExpired(mapping, _clock.Elapsed.Ticks)
                ? mapping.PublicEndPoint
                : null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => "NAT " + PublicAddress;

    // Called by the network with its lock held.

    /// <summary>The mapping for an outbound datagram, created on first use; <c>null</c> when the port space is exhausted.</summary>
    internal NatMapping? MapOutbound(VirtualHost host, IPEndPoint source, IPAddress destinationAddress, int destinationPort, long now)
    {
        if (_byPrivate.TryGetValue(source, out var mapping) && IsExpired(mapping, now))
        {
            _byPrivate.Remove(source);
            _byPort.Remove(mapping.PublicEndPoint.Port);
            mapping = null;
        }
        if (mapping is null)
        {
            if (_nextPort > IPEndPoint.MaxPort)
            {
                return null;
            }
            var port = _nextPort++;
            mapping = new NatMapping(host, source, new IPEndPoint(PublicAddress, port));
            _byPrivate.Add(source, mapping);
            _byPort.Add(port, mapping);
        }
        mapping.Permit(destinationAddress, destinationPort);
        mapping.LastOutbound = now;
        return mapping;
    }

    /// <summary>The mapping an inbound datagram may pass through, or <c>null</c> when it is filtered.</summary>
    internal NatMapping? MapInbound(int publicPort, IPEndPoint source, long now)
    {
        if (!_byPort.TryGetValue(publicPort, out var mapping) || IsExpired(mapping, now))
        {
            return null;
        }
        return mapping.Allows(_filtering, source) ? mapping : null;
    }

    private bool IsExpired(NatMapping mapping, long now) =>
        _mappingLifetime is { } lifetime && now - mapping.LastOutbound > lifetime.Ticks;
}
