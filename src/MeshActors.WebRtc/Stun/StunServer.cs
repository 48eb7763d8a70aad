using System.Net;
using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Stun;

/// <summary>
/// A STUN binding server (RFC 8489 §6.3, §7.3): answers Binding requests with the source address
/// seen (XOR-MAPPED-ADDRESS, plus MAPPED-ADDRESS for RFC 3489 clients), SOFTWARE and FINGERPRINT.
/// Used for server-reflexive candidates and served by MeshHost. Malformed datagrams are dropped and
/// counted; requests with unknown comprehension-required attributes get 420 (RFC 8489 §6.3.1.1).
/// </summary>
public sealed class StunServer : IDatagramSocketHandler, IDisposable
{
    /// <summary>Default STUN port (RFC 8489 §18.6).</summary>
    public const int DefaultPort = 3478;

    private const string SoftwareName = "MeshActors";

    private readonly IDatagramSocket _socket;
    private readonly byte[] _response = new byte[StunConstants.MaxMessageLength];
    private long _requests;
    private long _dropped;

    private StunServer(IDatagramSocket socket) => _socket = socket;

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint => _socket.LocalEndPoint;

    /// <summary>Binding requests answered.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Datagrams dropped: not STUN, malformed, or not a Binding request.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Binds <paramref name="localEndPoint"/> on <paramref name="network"/> and starts answering.</summary>
    public static StunServer Start(IDatagramNetwork network, IPEndPoint localEndPoint)
    {
        var server = new StunServer(network.Bind(localEndPoint));
        server._socket.Start(server);
        return server;
    }

    /// <inheritdoc/>
    public void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        var status = StunMessage.TryRead(datagram, out var request);
        if ((status != StunReadStatus.Ok && status != StunReadStatus.UnknownRequiredAttributes) ||
            request.Method != StunMethod.Binding || request.Class != StunClass.Request)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        // One handler call at a time per socket, so one response buffer suffices.
        StunMessageWriter response;
        if (status == StunReadStatus.UnknownRequiredAttributes)
        {
            response = new StunMessageWriter(_response, StunMethod.Binding, StunClass.ErrorResponse, request.TransactionId);
            response.AddErrorCode(Attributes.ErrorCodeAttribute.UnknownAttribute, "Unknown Attribute");
            response.AddUnknownAttributes(request.GetUnknownRequiredAttributes());
        }
        else
        {
            response = new StunMessageWriter(_response, StunMethod.Binding, StunClass.SuccessResponse, request.TransactionId);
            response.AddXorMappedAddress(remote);
            response.AddMappedAddress(remote);
        }
        response.AddSoftware(SoftwareName);
        response.AddFingerprint();
        Interlocked.Increment(ref _requests);
        _socket.SendTo(response.Written, remote);
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();
}
