using Microsoft.AspNetCore.Http;

namespace MeshHost.Hosting;

/// <summary>The browser demo page (<c>src/MeshHost/wwwroot/index.html</c>, embedded in the assembly).</summary>
internal static class DemoPage
{
    private const string ResourceName = "MeshHost.wwwroot.index.html";

    private static readonly Lazy<byte[]> Content = new(() =>
    {
        using var stream = typeof(DemoPage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing: MeshHost.csproj must embed wwwroot/index.html.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static Task WriteAsync(HttpContext context)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        return context.Response.Body.WriteAsync(Content.Value, context.RequestAborted).AsTask();
    }
}
