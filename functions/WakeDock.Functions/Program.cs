using WakeDock.EdgeAgent.Cli;
using WakeDock.Functions.Hosting;
using WakeDock.Pipeline.Hosting;

if (args.Contains(HealthCheckCommand.Flag))
{
    // The container image's HEALTHCHECK: the image has no shell or curl.
    return await HealthCheckCommand.RunAsync(args, Console.Error, HostingExtensions.DefaultUrls);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddWakeDockFunctions();

var app = builder.Build();
app.MapWakeDockFunctions();
await app.RunAsync();
return 0;

/// <summary>The functions host; public so that tests can start it through WebApplicationFactory.</summary>
public partial class Program;
