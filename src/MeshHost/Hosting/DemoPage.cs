using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using MeshHost.Relay;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MeshHost.Hosting;

/// <summary>
/// The browser demo page (<c>src/MeshHost/wwwroot/index.html</c>, embedded in the assembly), served with what this
/// server does with relay lobbies written into its <c>&lt;script id="meshhost" type="application/json"&gt;</c> element,
/// so the page can offer a relay lobby and say which lobbies are relayed. Opened as a plain file, the element holds
/// <c>{}</c> and the page simply knows nothing about the server.
/// </summary>
internal static class DemoPage
{
    private const string ResourceName = "MeshHost.wwwroot.index.html";

    /// <summary>The element whose content is replaced; the file carries it with <c>{}</c>.</summary>
    private const string Placeholder = """<script id="meshhost" type="application/json">{}</script>""";

    private static readonly Lazy<string> Template = new(() =>
    {
        using var stream = typeof(DemoPage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing: MeshHost.csproj must embed wwwroot/index.html.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var html = reader.ReadToEnd();
        var at = html.IndexOf(Placeholder, StringComparison.Ordinal);
        if (at < 0 || html.IndexOf(Placeholder, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"wwwroot/index.html must contain {Placeholder} exactly once.");
        }
        return html;
    });

    /// <summary>The rendered page per relay configuration (one per server; settings never change while it runs).</summary>
    private static readonly ConditionalWeakTable<object, byte[]> Rendered = [];

    /// <summary>Key for a server without relay settings (relaying compiled out of its services).</summary>
    private static readonly object NoRelay = new();

    public static Task WriteAsync(HttpContext context)
    {
        var relay = context.RequestServices.GetService<RelaySettings>();
        var content = Rendered.GetValue(relay ?? NoRelay, _ => Encoding.UTF8.GetBytes(Render(relay)));
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        return context.Response.Body.WriteAsync(content, context.RequestAborted).AsTask();
    }

    /// <summary>The page with the server's description: <c>{"relay":null}</c> or <c>{"relay":{"lobbies":"prefix"|"all","prefix":"…"}}</c>.</summary>
    internal static string Render(RelaySettings? relay)
    {
        var json = new ArrayBufferWriter<byte>();
        // The default encoder escapes '<', '>' and '&', so no value can close the script element.
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (relay is not { Enabled: true })
            {
                writer.WriteNull("relay");
            }
            else
            {
                writer.WriteStartObject("relay");
                // "prefix": lobbies named with the prefix are relay lobbies; "all": every new lobby is one.
                writer.WriteString("lobbies", relay.Lobbies == RelayLobbyMode.All ? "all" : "prefix");
                if (relay.Lobbies == RelayLobbyMode.Prefix)
                {
                    writer.WriteString("prefix", relay.Prefix);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        var element = $"""<script id="meshhost" type="application/json">{Encoding.UTF8.GetString(json.WrittenSpan)}</script>""";
        return Template.Value.Replace(Placeholder, element, StringComparison.Ordinal);
    }
}
