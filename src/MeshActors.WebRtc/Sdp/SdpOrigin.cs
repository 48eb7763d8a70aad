namespace MeshActors.WebRtc.Sdp;

/// <summary>
/// The <c>o=</c> line (RFC 8866 §5.2): <c>o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;</c>.
/// JSEP (RFC 8829 §5.2.1) writes <c>o=- &lt;64-bit id&gt; &lt;version&gt; IN IP4 127.0.0.1</c>: the address is a placeholder.
/// </summary>
public sealed record SdpOrigin
{
    private readonly string _username = "-";
    private readonly string _networkType = "IN";
    private readonly string _addressType = "IP4";
    private readonly string _address = "127.0.0.1";

    /// <summary>The user name; "-" when there is none (JSEP always writes "-").</summary>
    public string Username { get => _username; init => _username = SdpText.RequireToken(value, nameof(Username)); }

    /// <summary>
    /// The session id. JSEP uses a random 64-bit number with the top bit clear; ids that do not fit
    /// in 64 bits are refused by the parser.
    /// </summary>
    public required ulong SessionId { get; init; }

    /// <summary>The session version; JSEP increments it whenever the description changes.</summary>
    public required ulong SessionVersion { get; init; }

    /// <summary>Network type, "IN".</summary>
    public string NetworkType { get => _networkType; init => _networkType = SdpText.RequireToken(value, nameof(NetworkType)); }

    /// <summary>Address type, "IP4" or "IP6".</summary>
    public string AddressType { get => _addressType; init => _addressType = SdpText.RequireToken(value, nameof(AddressType)); }

    /// <summary>The unicast address; browsers write a placeholder ("127.0.0.1" or "0.0.0.0").</summary>
    public string Address { get => _address; init => _address = SdpText.RequireToken(value, nameof(Address)); }

    /// <summary>The line value after "o=".</summary>
    public override string ToString() => $"{Username} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";
}
