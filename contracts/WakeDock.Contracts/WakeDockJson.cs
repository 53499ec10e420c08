using System.Text.Encodings.Web;
using System.Text.Json;

namespace WakeDock.Contracts;

/// <summary>
/// The one JSON configuration of WakeDock: the source-generated context with non-ASCII text kept
/// as UTF-8 (alert messages are French: <c>CPU élevé</c>) rather than <c>\u00e9</c> escapes.
/// </summary>
public static class WakeDockJson
{
    /// <summary>Options backed by the source-generated metadata.</summary>
    public static JsonSerializerOptions Options { get; } = new(WakeDockJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The context to pass to <see cref="JsonSerializer"/> calls.</summary>
    public static WakeDockJsonContext Context { get; } = new(Options);
}
