using Microsoft.Extensions.Configuration;

namespace WakeDock.ServiceDefaults.Health;

/// <summary>
/// <c>--health-check</c>: asks <c>/health</c> of the process listening at the first of its own addresses
/// (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, else the deployable's <c>defaultUrls</c>) and exits 0 on 200, 1 otherwise.
/// The container images have no shell, curl or wget, so the <c>HEALTHCHECK</c> of both the agent's and the functions'
/// images runs this.
/// </summary>
public static class HealthCheckCommand
{
    public const string Flag = "--health-check";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] args, TextWriter error, string defaultUrls)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine([.. args.Where(a => a != Flag)])
            .Build();
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? defaultUrls;
        var health = new Uri(LocalAddress(urls), "/health");
        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(health);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            await error.WriteLineAsync($"health check: {health} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"health check: {health} did not answer: {e.Message}");
        }

        return 1;
    }

    /// <summary>The first listening address, with a wildcard host (every address) replaced by loopback.</summary>
    public static Uri LocalAddress(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? throw new ArgumentException("No address to check.", nameof(urls));
        foreach (var wildcard in new[] { "://*", "://+", "://0.0.0.0", "://[::]" })
        {
            first = first.Replace(wildcard, "://127.0.0.1", StringComparison.Ordinal);
        }

        return new Uri(new Uri(first).GetLeftPart(UriPartial.Authority));
    }
}
