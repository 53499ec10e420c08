using WakeDock.ServiceDefaults.Health;
using WakeDock.Functions.Hosting;

if (args.Contains(HealthCheckCommand.Flag))
{
    // The container image's HEALTHCHECK: the image has no shell or curl.
    return await HealthCheckCommand.RunAsync(args, Console.Error, HostingExtensions.DefaultUrls);
}

if (FunctionsWorkerHost.IsLaunchedByFunctionsHost(args))
{
    await FunctionsWorkerHost.RunAsync(args);
    return 0;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddWakeDockFunctions();

var app = builder.Build();
app.MapWakeDockFunctions();
await app.RunAsync();
return 0;

/// <summary>The embedded host (or, started by the Functions host, the isolated worker); public so that tests can start it through WebApplicationFactory.</summary>
public partial class Program;
