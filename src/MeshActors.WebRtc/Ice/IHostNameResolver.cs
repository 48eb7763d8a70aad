using System.Net;
using MeshActors.WebRtc.Ice.Mdns;

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
/// Resolves ".local" names by multicast DNS (<see cref="MdnsResolver"/>) and other names through the
/// system resolver (<see cref="Dns"/>). Failures resolve to null.
/// </summary>
public sealed class SystemHostNameResolver : IHostNameResolver
{
    private static readonly Lazy<SystemHostNameResolver> s_default = new(() => new SystemHostNameResolver(new Lazy<MdnsResolver>(() => new MdnsResolver())));

    private readonly Lazy<MdnsResolver>? _mdns;

    /// <summary>Creates a resolver that sends ".local" names to <paramref name="mdns"/> (null: ".local" names resolve to null).</summary>
    public SystemHostNameResolver(MdnsResolver? mdns)
    {
        if (mdns is not null)
        {
            _mdns = new Lazy<MdnsResolver>(mdns);
        }
    }

    private SystemHostNameResolver(Lazy<MdnsResolver> mdns) => _mdns = mdns;

    /// <summary>
    /// The process-wide resolver <see cref="IceTransport"/> uses on the real network: its mDNS resolver
    /// opens its sockets on the first ".local" lookup and lives as long as the process.
    /// </summary>
    public static SystemHostNameResolver Default => s_default.Value;

    /// <inheritdoc/>
    public async Task<IPAddress?> ResolveAsync(string hostName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        var name = hostName.TrimEnd('.');
        try
        {
            if (name.EndsWith(".local", StringComparison.OrdinalIgnoreCase))
            {
                return _mdns is null ? null : await _mdns.Value.ResolveAsync(name, cancellationToken).ConfigureAwait(false);
            }
            var addresses = await Dns.GetHostAddressesAsync(name, cancellationToken).ConfigureAwait(false);
            return addresses.Length > 0 ? addresses[0] : null;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ArgumentException or ObjectDisposedException)
        {
            // An invalid or unknown name is not an error for ICE: the candidate is dropped.
            return null;
        }
    }
}
