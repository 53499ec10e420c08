using System.Net;
using System.Text.Json.Nodes;

namespace WakeDock.Functions.Tests;

public sealed class HostSkeletonTests
{
    [Fact]
    public async Task HealthAnswers200WithAHealthyStatus()
    {
        await using var app = FunctionsApplication.Create();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("healthy", body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheRootServesAnHtmlPage()
    {
        await using var app = FunctionsApplication.Create();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<title>WakeDock</title>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
