namespace MeshActors.WebRtc.Stun;

/// <summary>The class of a STUN message, encoded in bits C1 and C0 of the type (RFC 8489 §5).</summary>
public enum StunClass
{
    /// <summary>A request (0b00): expects a response.</summary>
    Request = 0,

    /// <summary>An indication (0b01): no response.</summary>
    Indication = 1,

    /// <summary>A success response (0b10).</summary>
    SuccessResponse = 2,

    /// <summary>An error response (0b11): carries ERROR-CODE.</summary>
    ErrorResponse = 3,
}
