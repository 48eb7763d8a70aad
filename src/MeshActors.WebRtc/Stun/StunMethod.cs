namespace MeshActors.WebRtc.Stun;

/// <summary>STUN methods (12-bit, RFC 8489 §18.2). Only Binding is used by ICE.</summary>
public enum StunMethod : ushort
{
    /// <summary>Binding (0x001): address discovery and ICE connectivity checks.</summary>
    Binding = 0x001,
}
