namespace WakeDock.Functions.Hosting;

internal static class DashboardPlaceholder
{
    private const string Page = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>WakeDock</title></head>
        <body>
          <h1>WakeDock</h1>
          <p id="status">The functions host is running. The dashboard is not built yet.</p>
        </body>
        </html>
        """;

    public static void MapDashboardPlaceholder(this IEndpointRouteBuilder endpoints)
        => endpoints.MapGet("/", () => TypedResults.Content(Page, "text/html; charset=utf-8"));
}
