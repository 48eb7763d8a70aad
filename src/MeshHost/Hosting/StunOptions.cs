using System.Net;

namespace MeshHost.Hosting;

/// <summary>Options of the STUN server (configuration section <c>MeshHost:Stun</c>).</summary>
public sealed class StunOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "MeshHost:Stun";

    /// <summary>Serve STUN at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>UDP endpoints to listen on, as <c>address:port</c> (IPv6 as <c>[::1]:3478</c>).</summary>
    public string[] Listen { get; set; } = ["127.0.0.1:3478"];

    /// <summary>Null when valid, otherwise a message that says what to fix.</summary>
    public string? Validate()
    {
        foreach (var entry in Listen)
        {
            if (!IPEndPoint.TryParse(entry, out var endPoint) || endPoint.Port == 0)
            {
                return $"MeshHost:Stun:Listen entry '{entry}' is not an address:port with a non-zero port (e.g. 127.0.0.1:3478).";
            }
        }
        return null;
    }

    /// <summary>The parsed endpoints (call after <see cref="Validate"/>).</summary>
    public IEnumerable<IPEndPoint> EndPoints => Listen.Select(IPEndPoint.Parse);
}
