using WakeDock.Functions.Hosting;
using WakeDock.Pipeline.Hosting;

namespace WakeDock.Pipeline.Benchmarks;

/// <summary>The functions host started inside the benchmark process on a store folder, timers off, logs quiet.</summary>
internal static class BenchHost
{
    public static async Task<WebApplication> StartAsync(string storePath, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WakeDock:Storage:Path"] = storePath,
            ["WakeDock:Timers:UseInternalSchedule"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddWakeDockFunctions();
        var app = builder.Build();
        app.MapWakeDockFunctions();
        await app.StartAsync();
        return app;
    }
}
