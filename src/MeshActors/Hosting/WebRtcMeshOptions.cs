using System.Globalization;
using System.Text;
using MeshActors.Multiplayer;

namespace MeshActors.Hosting;

/// <summary>
/// Options of the hosted mesh (<see cref="AkkaWebRtcMeshHostingExtensions.WithWebRtcMesh(Akka.Hosting.AkkaConfigurationBuilder, WebRtcMeshOptions)"/>),
/// bindable from configuration section <see cref="Section"/>. Null properties keep the HOCON defaults of
/// <c>hocon/meshactors.conf</c>.
/// </summary>
public sealed class WebRtcMeshOptions
{
    /// <summary>The configuration section <c>AddWebRtcMesh</c> binds by default.</summary>
    public const string Section = "MeshActors:Mesh";

    /// <summary>How packets are framed (<see cref="Multiplayer.WireProfile.Raw"/> when null).</summary>
    public WireProfile? WireProfile { get; set; }

    /// <summary><c>meshactors.peer.connect-timeout</c>: a peer not connected within this time fails.</summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary><c>meshactors.peer.close-timeout</c>: a graceful close that takes longer is cut short.</summary>
    public TimeSpan? PeerCloseTimeout { get; set; }

    /// <summary><c>meshactors.multiplayer.max-queued-bytes-per-channel</c>: received bytes waiting per channel of a peer.</summary>
    public long? MaxQueuedBytesPerChannel { get; set; }

    /// <summary><c>meshactors.multiplayer.stop-timeout</c>: how long shutdown waits for the mesh's actors.</summary>
    public TimeSpan? StopTimeout { get; set; }

    /// <summary>Null when valid, otherwise a message that says what to fix.</summary>
    public string? Validate()
    {
        if (WireProfile is { } profile && !Enum.IsDefined(profile))
        {
            return $"{Section}:WireProfile = {profile} is not one of {string.Join(", ", Enum.GetNames<WireProfile>())}.";
        }
        foreach (var (name, value) in new (string, TimeSpan?)[]
                 {
                     (nameof(ConnectTimeout), ConnectTimeout), (nameof(PeerCloseTimeout), PeerCloseTimeout), (nameof(StopTimeout), StopTimeout),
                 })
        {
            if (value is { } v && v <= TimeSpan.Zero)
            {
                return $"{Section}:{name} = {v} must be positive (e.g. 00:00:30).";
            }
        }
        if (MaxQueuedBytesPerChannel is <= 0)
        {
            return $"{Section}:{nameof(MaxQueuedBytesPerChannel)} = {MaxQueuedBytesPerChannel} must be positive.";
        }
        return null;
    }

    /// <summary>The set HOCON-backed properties as HOCON ("" when none is set).</summary>
    public string ToHocon()
    {
        var hocon = new StringBuilder();
        if (ConnectTimeout is { } connect)
        {
            hocon.Append(CultureInfo.InvariantCulture, $"meshactors.peer.connect-timeout = {connect.TotalMilliseconds:0.####}ms\n");
        }
        if (PeerCloseTimeout is { } close)
        {
            hocon.Append(CultureInfo.InvariantCulture, $"meshactors.peer.close-timeout = {close.TotalMilliseconds:0.####}ms\n");
        }
        if (MaxQueuedBytesPerChannel is { } queued)
        {
            hocon.Append(CultureInfo.InvariantCulture, $"meshactors.multiplayer.max-queued-bytes-per-channel = {queued}\n");
        }
        if (StopTimeout is { } stop)
        {
            hocon.Append(CultureInfo.InvariantCulture, $"meshactors.multiplayer.stop-timeout = {stop.TotalMilliseconds:0.####}ms\n");
        }
        return hocon.ToString();
    }
}
