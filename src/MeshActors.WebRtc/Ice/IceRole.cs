namespace MeshActors.WebRtc.Ice;

/// <summary>The role of an agent (RFC 8445 §6.1.1): the controlling agent nominates the pair.</summary>
public enum IceRole
{
    /// <summary>Nominates pairs with USE-CANDIDATE; in WebRTC, the offerer of a full-ICE session.</summary>
    Controlling,

    /// <summary>Follows the nominations of the controlling agent.</summary>
    Controlled,
}
