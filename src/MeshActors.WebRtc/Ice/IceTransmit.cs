using System.Net;

namespace MeshActors.WebRtc.Ice;

/// <summary>
/// One datagram an <see cref="IceAgent"/> wants sent: bytes, the local socket to send from and the
/// remote end point. The bytes live in the agent's pooled ring and stay valid until the next call into the agent.
/// </summary>
public readonly ref struct IceTransmit
{
    internal IceTransmit(ReadOnlySpan<byte> datagram, int localSocket, IPEndPoint remote)
    {
        Datagram = datagram;
        LocalSocket = localSocket;
        Remote = remote;
    }

    /// <summary>The datagram.</summary>
    public ReadOnlySpan<byte> Datagram { get; }

    /// <summary>Index of the local socket to send from.</summary>
    public int LocalSocket { get; }

    /// <summary>The destination.</summary>
    public IPEndPoint Remote { get; }
}
