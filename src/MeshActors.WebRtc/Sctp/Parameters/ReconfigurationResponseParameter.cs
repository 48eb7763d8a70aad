using System.Buffers.Binary;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Re-configuration Response (RFC 6525 §4.4): the result of a request. The two TSN fields are present
/// only in answers to an SSN/TSN Reset Request (length 20); otherwise the length is 12.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Parameter Type = 16       |      Parameter Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Re-configuration Response Sequence Number             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                            Result                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   Sender's Next TSN (optional)                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  Receiver's Next TSN (optional)               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly struct ReconfigurationResponseParameter : ISctpWritable
{
    /// <summary>Length without the optional TSNs.</summary>
    public const int ShortSize = 12;
    /// <summary>Length with the optional TSNs.</summary>
    public const int LongSize = 20;

    /// <summary>Creates the parameter; the TSNs are written only when <paramref name="hasTsns"/> is set.</summary>
    public ReconfigurationResponseParameter(uint responseSequenceNumber, SctpReconfigurationResult result, bool hasTsns = false, uint sendersNextTsn = 0, uint receiversNextTsn = 0)
    {
        ResponseSequenceNumber = responseSequenceNumber;
        Result = result;
        HasTsns = hasTsns;
        SendersNextTsn = sendersNextTsn;
        ReceiversNextTsn = receiversNextTsn;
    }

    /// <summary>The sequence number of the request answered.</summary>
    public uint ResponseSequenceNumber { get; }
    /// <summary>The result.</summary>
    public SctpReconfigurationResult Result { get; }
    /// <summary>True when the optional TSN fields are present.</summary>
    public bool HasTsns { get; }
    /// <summary>Sender's Next TSN (optional).</summary>
    public uint SendersNextTsn { get; }
    /// <summary>Receiver's Next TSN (optional).</summary>
    public uint ReceiversNextTsn { get; }

    /// <summary>Bytes <see cref="Write"/> produces.</summary>
    public int GetLength() => HasTsns ? LongSize : ShortSize;

    /// <summary>Reads the parameter at the start of <paramref name="source"/>; its length must be 12 or 20.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out ReconfigurationResponseParameter parameter)
    {
        parameter = default;
        var status = ParameterCodec.Read(source, (ushort)SctpParameterType.ReconfigurationResponse, ShortSize, out var value);
        if (status != SctpCodecStatus.Ok)
        {
            return status;
        }
        if (value.Length != ShortSize - 4 && value.Length != LongSize - 4)
        {
            return SctpCodecStatus.InvalidLength;
        }
        var hasTsns = value.Length == LongSize - 4;
        parameter = new ReconfigurationResponseParameter(
            BinaryPrimitives.ReadUInt32BigEndian(value),
            (SctpReconfigurationResult)BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            hasTsns,
            hasTsns ? BinaryPrimitives.ReadUInt32BigEndian(value[8..]) : 0,
            hasTsns ? BinaryPrimitives.ReadUInt32BigEndian(value[12..]) : 0);
        return SctpCodecStatus.Ok;
    }

    /// <summary>Writes the parameter; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        var length = GetLength();
        ParameterCodec.WriteHeader(destination, (ushort)SctpParameterType.ReconfigurationResponse, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ResponseSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (uint)Result);
        if (HasTsns)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[12..], SendersNextTsn);
            BinaryPrimitives.WriteUInt32BigEndian(destination[16..], ReceiversNextTsn);
        }
        return length;
    }
}

/// <summary>Result codes of a Re-configuration Response (RFC 6525 §4.4).</summary>
public enum SctpReconfigurationResult : uint
{
    /// <summary>0: success, nothing to do.</summary>
    SuccessNothingToDo = 0,
    /// <summary>1: success, performed.</summary>
    SuccessPerformed = 1,
    /// <summary>2: denied.</summary>
    Denied = 2,
    /// <summary>3: error, wrong SSN.</summary>
    ErrorWrongSsn = 3,
    /// <summary>4: error, request already in progress.</summary>
    ErrorRequestAlreadyInProgress = 4,
    /// <summary>5: error, bad sequence number.</summary>
    ErrorBadSequenceNumber = 5,
    /// <summary>6: in progress (the receiver will perform it later; ask again).</summary>
    InProgress = 6,
}
