namespace MeshHost.Cluster;

/// <summary>
/// Marks the signaling messages that may cross cluster nodes (between connection actors, lobby managers and lobby
/// entities). Bound to <see cref="SignalingClusterSerializer"/> in <c>hocon/meshhost.conf</c>; every marked type needs a
/// case there (the cluster tests round-trip each one).
/// </summary>
internal interface ISignalingClusterMessage;
