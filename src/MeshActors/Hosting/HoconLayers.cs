using Akka.Configuration;
using Akka.Hosting;

namespace MeshActors.Hosting;

/// <summary>The layering every MeshActors hosting extension applies: validated options over embedded defaults.</summary>
internal static class HoconLayers
{
    /// <summary>
    /// Throws when <paramref name="validationError"/> is set; otherwise puts <paramref name="overrides"/> (HOCON of the
    /// options that were set) in front of the builder's configuration and <paramref name="defaults"/> behind it, so
    /// options beat the application's HOCON, which beats the library's defaults.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid; the message says which and why.</exception>
    public static void Apply(AkkaConfigurationBuilder builder, string? validationError, string overrides, Config defaults)
    {
        if (validationError is not null)
        {
            throw new ArgumentException(validationError, "options");
        }
        if (overrides.Length > 0)
        {
            builder.AddHocon(ConfigurationFactory.ParseString(overrides), HoconAddMode.Prepend);
        }
        builder.AddHocon(defaults, HoconAddMode.Append);
    }
}
