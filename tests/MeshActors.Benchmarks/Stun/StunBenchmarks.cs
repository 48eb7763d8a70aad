using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using MeshActors.WebRtc.Ice;
using MeshActors.WebRtc.Stun;

namespace MeshActors.Benchmarks.Stun;

/// <summary>
/// The STUN work of an ICE connectivity check: encoding a full check (USERNAME, PRIORITY,
/// ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT), decoding it with the
/// FINGERPRINT check and verifying MESSAGE-INTEGRITY, and an <see cref="IceAgent"/> answering one
/// check on a valid pair (decode, verify, write the signed response into its transmit ring).
/// Allocation per operation (MemoryDiagnoser) must be 0 B.
/// </summary>
[MemoryDiagnoser]
public class StunBenchmarks
{
    private const int Batch = 1000;

    private readonly byte[] _buffer = new byte[600];
    private readonly byte[] _username = "h6vYabcd:evtjQ1x2"u8.ToArray();
    private readonly byte[] _password = "VOkJxbRl1RmTxUk/WvJxBt"u8.ToArray();
    private readonly TransactionId _id = TransactionId.NewRandom();
    private byte[] _check = [];
    private IceAgent _agent = null!;
    private byte[][] _agentChecks = [];
    private IPEndPoint _peer = null!;
    private TimeSpan _now;

    [GlobalSetup]
    public void Setup()
    {
        _check = EncodeCheck().ToArray();
        (_agent, _agentChecks, _peer, _now) = ConnectedAgent();
    }

    /// <summary>Encodes a full ICE check into a reused buffer.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int EncodeCheckWithIntegrityAndFingerprint()
    {
        var length = 0;
        for (var i = 0; i < Batch; i++)
        {
            length += EncodeCheck().Length;
        }
        return length;
    }

    /// <summary>Decodes a check (FINGERPRINT verified) and verifies its MESSAGE-INTEGRITY.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int DecodeAndVerifyIntegrity()
    {
        var ok = 0;
        for (var i = 0; i < Batch; i++)
        {
            if (StunMessage.TryRead(_check, out var m) == StunReadStatus.Ok && m.VerifyMessageIntegrity(_password) == StunReadStatus.Ok)
            {
                ok++;
            }
        }
        return ok;
    }

    /// <summary>The agent's receive path for one check on a valid pair, response included.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int IceAgentAnswersCheck()
    {
        var sent = 0;
        for (var i = 0; i < Batch; i++)
        {
            _agent.Receive(_agentChecks[i & 63], 0, _peer, _now);
            while (_agent.TryDequeueTransmit(out var t))
            {
                sent += t.Datagram.Length;
            }
        }
        return sent;
    }

    private ReadOnlySpan<byte> EncodeCheck()
    {
        var w = new StunMessageWriter(_buffer, StunMethod.Binding, StunClass.Request, _id);
        w.AddUsername(_username);
        w.AddPriority(1862270975);
        w.AddIceControlling(0x932ff9b151263b36);
        w.AddUseCandidate();
        w.AddMessageIntegrity(_password);
        w.AddFingerprint();
        return w.Written;
    }

    /// <summary>Two cores joined directly (no loss, no delay) until both are connected; returns A and checks as B sends them.</summary>
    private static (IceAgent Agent, byte[][] Checks, IPEndPoint Peer, TimeSpan Now) ConnectedAgent()
    {
        var a = new IceAgent(IceRole.Controlled, IceParameters.Generate(), new IceAgentOptions { RandomSeed = 1 });
        var b = new IceAgent(IceRole.Controlling, IceParameters.Generate(), new IceAgentOptions { RandomSeed = 2 });
        var endA = new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1000);
        var endB = new IPEndPoint(IPAddress.Parse("10.0.0.2"), 2000);
        var now = TimeSpan.Zero;
        a.AddHostCandidate(endA, 0);
        b.AddHostCandidate(endB, 0);
        a.SetRemoteParameters(b.LocalParameters, now);
        b.SetRemoteParameters(a.LocalParameters, now);
        a.AddRemoteCandidate(b.LocalCandidates[0], now);
        b.AddRemoteCandidate(a.LocalCandidates[0], now);
        for (var step = 0; step < 1000 && !(a.SelectedPair?.Nominated ?? false); step++)
        {
            now = a.NextDeadline < b.NextDeadline ? a.NextDeadline : b.NextDeadline;
            a.Poll(now);
            b.Poll(now);
            var moved = true;
            while (moved)
            {
                moved = false;
                while (a.TryDequeueTransmit(out var t))
                {
                    b.Receive(t.Datagram.ToArray(), 0, endA, now);
                    moved = true;
                }
                while (b.TryDequeueTransmit(out var t))
                {
                    a.Receive(t.Datagram.ToArray(), 0, endB, now);
                    moved = true;
                }
            }
        }
        if (a.SelectedPair is null)
        {
            throw new InvalidOperationException("The benchmark agents did not connect.");
        }
        var checks = new byte[64][];
        var buffer = new byte[600];
        for (var i = 0; i < checks.Length; i++)
        {
            var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId.NewRandom());
            w.AddUsername(a.LocalParameters.UsernameFragment + ":" + b.LocalParameters.UsernameFragment);
            w.AddPriority(1862270975);
            w.AddIceControlling(b.TieBreaker);
            w.AddMessageIntegrity(Encoding.ASCII.GetBytes(a.LocalParameters.Password));
            w.AddFingerprint();
            checks[i] = w.Written.ToArray();
        }
        return (a, checks, endB, now);
    }
}
