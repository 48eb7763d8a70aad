using System.Buffers;
using System.Net;
using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Ice;

// The receive path: socket thread -> executor (inline when idle, else a pooled copy) -> core -> receiver.
public sealed partial class IceTransport
{
    private void OnSocketDatagram(ReadOnlySpan<byte> datagram, int localSocket, IPEndPoint remote)
    {
        if (_disposed)
        {
            return;
        }
        Interlocked.Increment(ref _datagramsReceived);
        if (Executor.TryEnter())
        {
            try
            {
                Process(datagram, localSocket, remote);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _handlerErrors);
            }
            finally
            {
                Executor.Exit();
            }
            return;
        }
        if (!_itemPool.TryDequeue(out var item))
        {
            item = new DeliveryItem(this);
        }
        item.Fill(datagram, localSocket, remote);
        Executor.Post(item);
    }

    /// <summary>On the executor: the core classifies the datagram; DTLS bytes go up.</summary>
    private void Process(ReadOnlySpan<byte> datagram, int localSocket, IPEndPoint remote)
    {
        if (_disposed)
        {
            return;
        }
        var now = Now;
        if (_agent.Receive(datagram, localSocket, remote, now) == IceReceiveResult.Application)
        {
            var receiver = _receiver;
            if (receiver is null)
            {
                Interlocked.Increment(ref _applicationDropped);
            }
            else
            {
                Interlocked.Increment(ref _applicationReceived);
                receiver.OnDatagram(datagram);
            }
        }
        AfterCoreCall(now);
    }

    private void Recycle(DeliveryItem item)
    {
        if (_itemPool.Count < ItemPoolLimit)
        {
            _itemPool.Enqueue(item);
        }
    }

    /// <summary>Receives the datagrams of one local socket and tags them with its index.</summary>
    private sealed class SocketHandler(IceTransport owner, int index) : IDatagramSocketHandler
    {
        public void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote) => owner.OnSocketDatagram(datagram, index, remote);
    }

    /// <summary>A datagram posted to the executor: a pooled copy.</summary>
    private sealed class DeliveryItem(IceTransport owner) : IWorkItem
    {
        private byte[] _buffer = [];
        private int _length;
        private int _socket;
        private IPEndPoint? _remote;

        public void Fill(ReadOnlySpan<byte> datagram, int localSocket, IPEndPoint remote)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(datagram.Length, 1));
            datagram.CopyTo(_buffer);
            _length = datagram.Length;
            _socket = localSocket;
            _remote = remote;
        }

        public void Execute()
        {
            var buffer = _buffer;
            _buffer = [];
            var remote = _remote!;
            _remote = null;
            try
            {
                owner.Process(new ReadOnlySpan<byte>(buffer, 0, _length), _socket, remote);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                owner.Recycle(this);
            }
        }
    }
}
