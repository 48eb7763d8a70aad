namespace MeshHost.Relay;

/// <summary>Which lobbies are relay lobbies (HOCON <c>meshhost.relay.lobbies</c>, <c>MeshHost:Relay:Lobbies</c>).</summary>
public enum RelayLobbyMode
{
    /// <summary><c>off</c>: no relay lobbies; every lobby is an ordinary signaling lobby.</summary>
    Off,

    /// <summary>
    /// <c>prefix</c>: lobbies whose names start with <see cref="RelaySettings.Prefix"/>. JOIN of such a name joins the
    /// relay lobby, creating it under exactly that name (MeshHost as its host) when it does not exist; JOIN of the bare
    /// prefix creates one with a generated name. Other JOINs, including "" (create), are ordinary.
    /// </summary>
    Prefix,

    /// <summary><c>all</c>: every new lobby is a relay lobby; JOIN "" creates one with a generated name, hosted by MeshHost.</summary>
    All,
}
