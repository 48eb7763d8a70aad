using Akka.Configuration;

namespace MeshActors;

/// <summary>The library's HOCON defaults (<c>hocon/meshactors.conf</c>, embedded in the assembly).</summary>
public static class MeshActorsConfig
{
    private const string ResourceName = "MeshActors.meshactors.conf";

    private static readonly Lazy<Config> s_defaults = new(Load);

    /// <summary>The <c>meshactors { … }</c> defaults; use as a fallback for your own configuration.</summary>
    public static Config Defaults => s_defaults.Value;

    /// <summary><paramref name="config"/> with the library defaults underneath.</summary>
    public static Config WithDefaults(Config? config) =>
        config is null || config.IsEmpty ? Defaults : config.WithFallback(Defaults);

    private static Config Load()
    {
        using var stream = typeof(MeshActorsConfig).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(MeshActorsConfig).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
