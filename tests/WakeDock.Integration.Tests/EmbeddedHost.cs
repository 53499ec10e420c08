using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WakeDock.Functions.Embedded;

namespace WakeDock.Integration.Tests;

/// <summary>
/// The functions host as the run command starts it — embedded agent included unless turned off — on a
/// storage folder of its own, with the agent's data beside it.
/// </summary>
internal sealed class EmbeddedHost(bool embeddedAgent, string dockerHost = "") : WebApplicationFactory<Program>
{
    public string DataPath { get; } = Directory.CreateTempSubdirectory("wakedock-embedded-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(EmbeddedAgent.EnabledKey, embeddedAgent ? "true" : "false");
        builder.UseSetting("WakeDock:Storage:Path", Path.Combine(DataPath, "metrics"));
        builder.UseSetting("WakeDock:Collection:IntervalSeconds", "1");
        builder.UseSetting("WakeDock:Agent:DataDirectory", Path.Combine(DataPath, "agent"));
        if (dockerHost.Length > 0)
        {
            builder.UseSetting("WakeDock:Agent:DockerHost", dockerHost);
        }
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // a state snapshot written on the way down can land while the folder is being deleted
        for (var attempt = 0; Directory.Exists(DataPath); attempt++)
        {
            try
            {
                Directory.Delete(DataPath, recursive: true);
            }
            catch (IOException) when (attempt < 10)
            {
                await Task.Delay(100);
            }
        }
    }
}
