using System.Net;

namespace MeshActors.WebRtc.Ice;

/// <summary>
/// Resolves the domain name of a remote candidate to an address: browsers hide host addresses
/// behind mDNS names such as <c>&lt;uuid&gt;.local</c> (RFC 8839 §5.1 allows FQDN connection addresses).
/// When a name cannot be resolved the candidate is dropped and the connection relies on
/// peer-reflexive discovery from the browser's checks.
/// </summary>
public interface IHostNameResolver
{
    /// <summary>The address of <paramref name="hostName"/>, or <c>null</c> when it cannot be resolved. Must not throw for unknown names.</summary>
    Task<IPAddress?> ResolveAsync(string hostName, CancellationToken cancellationToken);
}

/// <summary>
/// Resolves ordinary domain names through the system resolver (<see cref="Dns"/>) and ".local"
/// names through a multicast DNS resolver when one is given; without one, ".local" names resolve to null.
/// </summary>
public sealed class SystemHostNameResolver : IHostNameResolver
{
    private readonly Func<string, CancellationToken, Task<IPAddress?>>? _mdns;

    /// <summary>Creates a resolver; <paramref name="mdns"/> resolves ".local" names (for example an mDNS resolver's ResolveAsync).</summary>
    public SystemHostNameResolver(Func<string, CancellationToken, Task<IPAddress?>>? mdns = null) => _mdns = mdns;

    /// <inheritdoc/>
    public async Task<IPAddress?> ResolveAsync(string hostName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        var name = hostName.TrimEnd('.');
        if (name.EndsWith(".local", StringComparison.OrdinalIgnoreCase))
        {
            return _mdns is null ? null : await _mdns(name, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(name, cancellationToken).ConfigureAwait(false);
            return addresses.Length > 0 ? addresses[0] : null;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }
}
