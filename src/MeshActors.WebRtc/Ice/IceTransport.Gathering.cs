using System.Net;
using System.Net.Sockets;
using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Ice;

// Gathering (host sockets, STUN servers, the mux) and remote candidates that need resolving.
public sealed partial class IceTransport
{
    private void StartGatheringCore()
    {
        if (_gatheringStarted)
        {
            return;
        }
        _gatheringStarted = true;
        var now = Now;
        if (_options.Mux is { } mux)
        {
            StartMuxGathering(mux, now);
            return;
        }
        var addresses = _options.LocalAddresses ?? _network.GetLocalAddresses(_options.IncludeLoopback);
        var preference = IceCandidate.MaxLocalPreference;
        foreach (var address in addresses)
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6 && !_options.EnableIPv6)
            {
                continue;
            }
            var socket = TryBind(address);
            if (socket is null)
            {
                continue;
            }
            var index = AddSocket(socket);
            if (index < 0)
            {
                return;
            }
            _agent.AddHostCandidate(socket.LocalEndPoint, index, preference);
            AddPublicCandidates(socket.LocalEndPoint, index, preference);
            preference = Math.Max(0, preference - 1);
            foreach (var server in _options.StunServers)
            {
                if (server.AddressFamily == address.AddressFamily)
                {
                    _agent.GatherServerReflexive(index, server, now);
                }
            }
        }
        _agent.EndLocalCandidates(now);
    }

    private void StartMuxGathering(IceUdpMux mux, TimeSpan now)
    {
        var socket = mux.CreateSocket(LocalParameters.UsernameFragment);
        var index = AddSocket(socket);
        if (index < 0)
        {
            return;
        }
        var preference = IceCandidate.MaxLocalPreference;
        var bases = new List<(IPEndPoint EndPoint, int Preference)>();
        foreach (var endPoint in mux.HostEndPoints)
        {
            _agent.AddHostCandidate(endPoint, index, preference);
            AddPublicCandidates(endPoint, index, preference);
            bases.Add((endPoint, preference));
            preference = Math.Max(0, preference - 1);
        }
        if (_options.StunServers.Count == 0)
        {
            _agent.EndLocalCandidates(now);
            return;
        }
        // The mux asks the STUN servers once for everyone: one socket has one mapping.
        mux.GetServerReflexive(_options.StunServers, results => Invoke(t =>
        {
            foreach (var (mapped, server) in results)
            {
                foreach (var (host, pref) in bases)
                {
                    if (host.AddressFamily != mapped.AddressFamily || host.Equals(mapped))
                    {
                        continue;
                    }
                    t._agent.AddLocalCandidate(IceCandidate.Create(
                        IceCandidateType.ServerReflexive,
                        mapped,
                        IceCandidate.ComputePriority(IceCandidateType.ServerReflexive, pref, IceAgent.Component),
                        IceAgent.MakeFoundation(IceCandidateType.ServerReflexive, host.Address, server.Address),
                        IceAgent.Component,
                        related: host), index);
                    break;
                }
            }
            t._agent.EndLocalCandidates(t.Now);
        }));
    }

    /// <summary>
    /// The configured one-to-one NAT addresses of <paramref name="host"/> as server-reflexive candidates (same port, same
    /// socket): what a STUN server behind that NAT would have reported, known without asking one.
    /// </summary>
    private void AddPublicCandidates(IPEndPoint host, int index, int preference)
    {
        if (IPAddress.IsLoopback(host.Address))
        {
            return;
        }
        foreach (var address in _options.PublicAddresses)
        {
            if (address.AddressFamily != host.AddressFamily || address.Equals(host.Address))
            {
                continue;
            }
            _agent.AddLocalCandidate(IceCandidate.Create(
                IceCandidateType.ServerReflexive,
                new IPEndPoint(address, host.Port),
                IceCandidate.ComputePriority(IceCandidateType.ServerReflexive, preference, IceAgent.Component),
                IceAgent.MakeFoundation(IceCandidateType.ServerReflexive, host.Address, address),
                IceAgent.Component,
                related: host), index);
        }
    }

    /// <summary>Binds <paramref name="address"/> on a port from the configured range (or any port); null when nothing is free.</summary>
    private IDatagramSocket? TryBind(IPAddress address)
    {
        if (_options.MaxPort == 0)
        {
            try
            {
                return _network.Bind(new IPEndPoint(address, _options.MinPort));
            }
            catch (SocketException)
            {
                return null;
            }
        }
        for (var port = _options.MinPort; port <= _options.MaxPort; port++)
        {
            try
            {
                return _network.Bind(new IPEndPoint(address, port));
            }
            catch (SocketException)
            {
                // In use or not bindable: try the next port.
            }
        }
        return null;
    }

    private int AddSocket(IDatagramSocket socket)
    {
        int index;
        lock (_socketsGate)
        {
            if (_disposed)
            {
                socket.Dispose();
                return -1;
            }
            var sockets = _sockets;
            index = sockets.Length;
            var grown = new IDatagramSocket[index + 1];
            sockets.CopyTo(grown, 0);
            grown[index] = socket;
            _sockets = grown;
        }
        socket.Start(new SocketHandler(this, index));
        return index;
    }

    private void AddRemoteCandidateCore(IceCandidate candidate)
    {
        if (candidate.EndPoint is not null || candidate.Protocol != IceTransportProtocol.Udp)
        {
            _agent.AddRemoteCandidate(candidate, Now);
            return;
        }
        var resolver = _resolver;
        if (resolver is null)
        {
            Interlocked.Increment(ref _resolutionFailures);
            return;
        }
        _pendingResolutions++;
        Task<IPAddress?> lookup;
        try
        {
            lookup = resolver.ResolveAsync(candidate.Address, _closing.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            lookup = Task.FromException<IPAddress?>(ex);
        }
        lookup.ContinueWith(task => Invoke(t =>
        {
            t._pendingResolutions--;
            if (task.IsCompletedSuccessfully && task.Result is { } address)
            {
                t._agent.AddRemoteCandidate(candidate.WithAddress(address), t.Now);
            }
            else
            {
                Interlocked.Increment(ref t._resolutionFailures);
            }
            if (t._pendingResolutions == 0 && t._remoteEndOfCandidatesPending)
            {
                t._remoteEndOfCandidatesPending = false;
                t._agent.AddRemoteEndOfCandidates(t.Now);
            }
        }), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
