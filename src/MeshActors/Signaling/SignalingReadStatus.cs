namespace MeshActors.Signaling;

/// <summary>Result of <see cref="SignalingMessage.TryRead"/>.</summary>
public enum SignalingReadStatus
{
    /// <summary>A message was read.</summary>
    Ok,

    /// <summary>The bytes are not one well-formed JSON value in UTF-8.</summary>
    InvalidJson,

    /// <summary>The JSON value is not an object.</summary>
    NotAnObject,

    /// <summary><c>type</c> or <c>id</c> is missing or not a JSON number.</summary>
    MissingNumber,

    /// <summary><c>type</c> or <c>id</c> is negative after flooring.</summary>
    NegativeNumber,

    /// <summary><c>type</c> or <c>id</c> is larger than a 32-bit signed integer (2^31 − 1).</summary>
    NumberOutOfRange,
}
