using Microsoft.Azure.Functions.Worker.Builder;
using WakeDock.Functions.Status;
using WakeDock.Functions.Triggers.Queues;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Hosting;

/// <summary>
/// The Functions host's side of the app: started by <c>func start</c>, the Functions image or a Function App with the
/// host's call-back arguments, it runs the same function classes as the embedded host as an isolated worker (ASP.NET Core
/// integration for HTTP). Timers, queues and HTTP routing are the Functions host's; no in-process agent, no WebSocket.
/// </summary>
public static class FunctionsWorkerHost
{

    /// <summary>The Functions host passes where to call back: <c>--functions-uri</c> (host 4.x) or <c>--host --port --workerId</c> (older hosts).</summary>
    public static bool IsLaunchedByFunctionsHost(IEnumerable<string> args)
        => args.Any(a => a is "--functions-uri" or "--functions-worker-id" or "--workerId");

    public static async Task RunAsync(string[] args)
    {
        using var host = CreateBuilder(args).Build();
        await host.RunAsync();
    }

    /// <summary>The worker's host, configured and not yet built (tests build it to resolve every function).</summary>
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [HostMode.HostKey] = HostMode.WorkerHost,
            ["WakeDock:EmbeddedAgent:Enabled"] = "false",
            // the Functions host fires the timer triggers (one instance at a time); no schedule of our own
            ["WakeDock:Timers:UseInternalSchedule"] = "false",
        });
        builder.Configuration.AddSpecEnvironmentVariables();
        builder.ConfigureFunctionsWebApplication();
        builder.AddWakeDockServices();
        StorageNotificationOutbox.Add(builder.Services);
        return builder;
    }
}
