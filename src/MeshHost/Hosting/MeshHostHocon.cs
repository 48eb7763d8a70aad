using Akka.Configuration;

namespace MeshHost.Hosting;

/// <summary>MeshHost's HOCON defaults: <c>hocon/meshhost.conf</c>, embedded in the assembly.</summary>
internal static class MeshHostHocon
{
    private const string ResourceName = "MeshHost.meshhost.conf";

    private static readonly Lazy<Config> LazyDefaults = new(() =>
    {
        using var stream = typeof(MeshHostHocon).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing: MeshHost.csproj must embed hocon/meshhost.conf.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    });

    /// <summary>The embedded defaults.</summary>
    public static Config Defaults => LazyDefaults.Value;

    /// <summary>The text of the embedded defaults.</summary>
    public static string Text
    {
        get
        {
            using var stream = typeof(MeshHostHocon).Assembly.GetManifestResourceStream(ResourceName)!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}
