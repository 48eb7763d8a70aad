using System.Buffers;
using System.Net;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// A datagram in flight on a <see cref="VirtualNetwork"/>: a pooled copy of the payload plus
/// where it goes. Instances are recycled by the network, so queuing one allocates nothing in
/// steady state.
/// </summary>
internal sealed class VirtualDatagram
{
    private byte[] _buffer = [];

    public int Length { get; private set; }

    public IPEndPoint Source { get; private set; } = null!;

    public VirtualHost Receiver { get; private set; } = null!;

    public IPAddress DestinationAddress { get; private set; } = null!;

    public int DestinationPort { get; private set; }

    public ReadOnlySpan<byte> Payload => new(_buffer, 0, Length);

    public void Set(ReadOnlySpan<byte> payload, IPEndPoint source, VirtualHost receiver, IPAddress destinationAddress, int destinationPort)
    {
        if (_buffer.Length < payload.Length)
        {
            ReturnBuffer();
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(payload.Length, 1));
        }
        payload.CopyTo(_buffer);
        Length = payload.Length;
        Source = source;
        Receiver = receiver;
        DestinationAddress = destinationAddress;
        DestinationPort = destinationPort;
    }

    /// <summary>Drops references so a pooled instance keeps no host or end point alive.</summary>
    public void Clear()
    {
        Length = 0;
        Source = null!;
        Receiver = null!;
        DestinationAddress = null!;
    }

    public void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
