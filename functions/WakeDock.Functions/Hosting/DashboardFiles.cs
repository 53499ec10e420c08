using Microsoft.Extensions.FileProviders;

namespace WakeDock.Functions.Hosting;

/// <summary>
/// The web dashboard at <c>/</c>: the static files esbuild wrote to <c>dashboards/web/dist</c>, which the build copies
/// beside the host as <c>dashboard/</c> (<c>WakeDock:Dashboard:Path</c> points elsewhere). Without them the host says
/// how to build them instead of failing.
/// </summary>
public static class DashboardFiles
{
    public const string PathKey = "WakeDock:Dashboard:Path";

    private const string NotBuilt = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>WakeDock</title></head>
        <body>
          <h1>WakeDock</h1>
          <p id="status">The functions host is running, but the dashboard is not built: run <code>npm ci &amp;&amp; npm run build</code> in dashboards/web (the build of the host does it when npm is installed).</p>
        </body>
        </html>
        """;

    public static string? Folder(IConfiguration configuration)
    {
        var configured = configuration[PathKey];
        var folder = string.IsNullOrWhiteSpace(configured) ? Path.Combine(AppContext.BaseDirectory, "dashboard") : Path.GetFullPath(configured);
        return File.Exists(Path.Combine(folder, "index.html")) ? folder : null;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        if (Folder(app.Configuration) is not { } folder)
        {
            app.MapGet("/", () => TypedResults.Content(NotBuilt, "text/html; charset=utf-8"));
            return app;
        }

        var files = new PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                // index.html names the bundles without a hash: always revalidate, so an upgrade is seen at once.
                context.Context.Response.Headers.CacheControl = "no-cache";
            },
        });
        return app;
    }
}
