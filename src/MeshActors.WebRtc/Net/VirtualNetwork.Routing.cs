using System.Net;

namespace MeshActors.WebRtc.Net;

public sealed partial class VirtualNetwork
{
    /// <summary>IPv4 (20) + UDP (8) header bytes: what a bottleneck serializes besides the payload.</summary>
    private const int Ipv4UdpHeaderLength = 28;

    /// <summary>IPv6 (40) + UDP (8) header bytes.</summary>
    private const int Ipv6UdpHeaderLength = 48;

    // When each direction's bottleneck finishes serializing what it has queued (clock ticks).
    private readonly Dictionary<(VirtualHost From, VirtualHost To), long> _bottleneckBusyUntil = new();

    /// <summary>
    /// Routes one datagram: chooses the source address, applies the sender's NAT, resolves the
    /// destination (a host, or a NAT mapping), then applies link impairments and queues the
    /// delivery. Returns <c>false</c> only for local failures (see <see cref="VirtualDatagramSocket.SendTo"/>).
    /// </summary>
    internal bool Send(VirtualDatagramSocket socket, ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (datagram.Length > MaxDatagramLength || remote.Port == 0)
        {
            return false;
        }
        var destinationAddress = remote.Address;
        var destinationPort = remote.Port;
        lock (_gate)
        {
            if (_disposed || socket.IsClosed || remote.AddressFamily != socket.LocalEndPoint.AddressFamily)
            {
                return false;
            }
            var source = socket.SourceFor(destinationAddress);
            if (source is null || (IPAddress.IsLoopback(source.Address) && !IPAddress.IsLoopback(destinationAddress)))
            {
                // No address of that family, or a loopback-bound socket sending off the host.
                return false;
            }
            var sender = socket.Host;
            _datagramsSent++;
            socket.CountSent();

            VirtualHost receiver;
            if (IPAddress.IsLoopback(destinationAddress))
            {
                receiver = sender;
            }
            else if (_hostsByAddress.TryGetValue(destinationAddress, out var target))
            {
                if (target.Nat is not null && target.Nat != sender.Nat)
                {
                    // A private address is not reachable from outside its NAT.
                    _droppedUnroutable++;
                    return true;
                }
                if (sender.Nat is not null && target.Nat != sender.Nat && !TryTranslate(sender, ref source, destinationAddress, destinationPort))
                {
                    return true;
                }
                receiver = target;
            }
            else if (_natsByAddress.TryGetValue(destinationAddress, out var nat))
            {
                // From outside, or from inside to its own NAT's public address (hairpinning).
                if (sender.Nat is not null && !TryTranslate(sender, ref source, destinationAddress, destinationPort))
                {
                    return true;
                }
                var mapping = nat.MapInbound(destinationPort, source, Clock.Elapsed.Ticks);
                if (mapping is null)
                {
                    _droppedByNat++;
                    return true;
                }
                receiver = mapping.Host;
                destinationAddress = mapping.PrivateEndPoint.Address;
                destinationPort = mapping.PrivateEndPoint.Port;
            }
            else
            {
                _droppedUnroutable++;
                return true;
            }
            Transmit(sender, receiver, datagram, source, destinationAddress, destinationPort);
            return true;
        }
    }

    private bool TryTranslate(VirtualHost sender, ref IPEndPoint source, IPAddress destinationAddress, int destinationPort)
    {
        var mapping = sender.Nat!.MapOutbound(sender, source, destinationAddress, destinationPort, Clock.Elapsed.Ticks);
        if (mapping is null)
        {
            _droppedByNat++;
            return false;
        }
        source = mapping.PublicEndPoint;
        return true;
    }

    /// <summary>
    /// Puts a datagram through the bottleneck of the from→to direction: it starts serializing when
    /// the previous one is done, and is refused when it would wait longer than the conditions allow.
    /// <paramref name="delay"/> is the queueing plus serialization time. Lock held.
    /// </summary>
    private bool TryQueue(VirtualHost from, VirtualHost to, int length, IPEndPoint source, long now, LinkConditions conditions, out long delay)
    {
        var busyUntil = _bottleneckBusyUntil.GetValueOrDefault((from, to));
        var start = Math.Max(now, busyUntil);
        if (start - now > conditions.MaxQueueDelay.Ticks)
        {
            delay = 0;
            return false;
        }
        var headers = source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? Ipv6UdpHeaderLength : Ipv4UdpHeaderLength;
        var bits = (length + headers) * 8L;
        var serialization = (bits * TimeSpan.TicksPerSecond + conditions.BitsPerSecond - 1) / conditions.BitsPerSecond;
        _bottleneckBusyUntil[(from, to)] = start + serialization;
        delay = start + serialization - now;
        return true;
    }

    /// <summary>Applies the link between two hosts and queues the surviving copies. Lock held.</summary>
    private void Transmit(VirtualHost from, VirtualHost to, ReadOnlySpan<byte> datagram, IPEndPoint source, IPAddress destinationAddress, int destinationPort)
    {
        var now = Clock.Elapsed.Ticks;
        if (from == to)
        {
            // Inside one host: loopback is perfect and instant.
            EnqueueDatagram(now, datagram, source, to, destinationAddress, destinationPort);
            return;
        }
        var link = _links.GetValueOrDefault((from, to));
        if (_defaultLink.BlockedUnlocked || (link is not null && link.BlockedUnlocked))
        {
            _droppedByPartition++;
            return;
        }
        if ((link is not null && link.TakeDrop()) || _defaultLink.TakeDrop())
        {
            _droppedByCommand++;
            return;
        }
        var conditions = link?.ConditionsUnlocked ?? _defaultLink.ConditionsUnlocked!;
        var queued = 0L;
        if (conditions.BitsPerSecond > 0 && !TryQueue(from, to, datagram.Length, source, now, conditions, out queued))
        {
            _droppedByQueue++;
            return;
        }
        // Random draws only happen for impairments that are on, so a perfect link consumes no
        // randomness and adding one impaired link does not reshuffle the others' fates more than needed.
        if (conditions.LossRate > 0 && _random.NextDouble() < conditions.LossRate)
        {
            _droppedByLoss++;
            return;
        }
        var copies = 1;
        if ((link is not null && link.TakeDuplicate()) || _defaultLink.TakeDuplicate()
            || (conditions.DuplicateRate > 0 && _random.NextDouble() < conditions.DuplicateRate))
        {
            copies = 2;
            _duplicated++;
        }
        for (var copy = 0; copy < copies; copy++)
        {
            var delay = queued + conditions.Delay.Ticks;
            if (conditions.Jitter > TimeSpan.Zero)
            {
                delay += (long)(_random.NextDouble() * conditions.Jitter.Ticks);
            }
            var reorder = copy == 0 && ((link is not null && link.TakeReorder()) || _defaultLink.TakeReorder());
            if (reorder || (conditions.ReorderRate > 0 && _random.NextDouble() < conditions.ReorderRate))
            {
                delay += conditions.ReorderDelay.Ticks;
                _reordered++;
            }
            EnqueueDatagram(now + delay, datagram, source, to, destinationAddress, destinationPort);
        }
    }
}
