namespace MeshActors.WebRtc.Net;

/// <summary>
/// Which inbound datagrams a <see cref="VirtualNat"/> forwards through an existing mapping
/// (RFC 4787 section 5 filtering behaviours). Mapping is always endpoint-independent.
/// </summary>
public enum NatFiltering
{
    /// <summary>Any external source may use a mapping ("full cone").</summary>
    EndpointIndependent,

    /// <summary>Only addresses the inside endpoint has sent to ("restricted cone").</summary>
    AddressDependent,

    /// <summary>Only address-and-port pairs the inside endpoint has sent to ("port-restricted cone").</summary>
    AddressAndPortDependent,
}
