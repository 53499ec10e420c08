using System.Text.Json;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Queues;
using Azure.Storage.Sas;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Functions.Triggers.Queues;
using WakeDock.Pipeline.Alerts.Notifications;
using WakeDock.Pipeline.Alerts;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Triggers;

/// <summary>
/// The notification outbox writes with Azure.Storage.Queues on the Functions host's own storage connection, in each form
/// the host reads <c>AzureWebJobsStorage</c>: a connection string with the account key or a SAS on Azurite, identity settings.
/// </summary>
public sealed class NotificationQueueTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AlertNotification Notification = new(Samples.Alert(AlertLevel.Critical, new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero)), Route: "hook");

    [Fact]
    public async Task WithTheAccountKeyConnectionStringTheNotificationReachesTheQueueTheTriggerReads()
    {
        azurite.RequireQueues();
        var queue = azurite.NewQueueName("notify");

        await SendAsync(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString, [PipelineNames.NotificationsQueueSetting] = queue });

        Assert.Equal("episode-1", await ReceiveAsync(queue));
    }

    [Fact]
    public async Task WithASasConnectionStringTheNotificationIsSentWithoutTheAccountKey()
    {
        azurite.RequireQueues();
        var queue = azurite.NewQueueName("notifysas");
        var sas = new QueueServiceClient(azurite.ConnectionString).GenerateAccountSasUri(
            AccountSasPermissions.Read | AccountSasPermissions.Write | AccountSasPermissions.Create | AccountSasPermissions.Add | AccountSasPermissions.Process,
            DateTimeOffset.UtcNow.AddHours(1), AccountSasResourceTypes.Service | AccountSasResourceTypes.Container | AccountSasResourceTypes.Object);

        await SendAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = $"QueueEndpoint={azurite.QueueEndpoint};SharedAccessSignature={sas.Query.TrimStart('?')}",
            [PipelineNames.NotificationsQueueSetting] = queue,
        });

        Assert.Equal("episode-1", await ReceiveAsync(queue));
    }

    [Theory]
    [InlineData("AzureWebJobsStorage:queueServiceUri", "https://acct.queue.core.windows.net")]
    [InlineData("AzureWebJobsStorage:accountName", "acct")]
    public async Task IdentitySettingsSignInWithATokenAtTheQueueServiceUri(string setting, string value)
    {
        var options = Read(new Dictionary<string, string?>
        {
            [setting] = value,
            ["AzureWebJobsStorage:blobServiceUri"] = "https://other.blob.core.windows.net",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });
        var credential = new RefusingCredential();
        Assert.Empty(NotificationQueueConnection.Problems(options));

        var client = NotificationQueueConnection.Connect(options, credential);
        var refused = await Assert.ThrowsAsync<CredentialUnavailableException>(() => client.SendMessageAsync("{}", Ct));

        Assert.Equal(new Uri($"https://acct.queue.core.windows.net/{PipelineNames.NotificationsQueue}"), client.Uri);
        Assert.Equal("https://storage.azure.com/.default", Assert.Single(credential.Scopes));
        Assert.Same(credential.Refusal, refused);
        Assert.Equal("00000000-0000-0000-0000-000000000001", options.Connection!.ClientId);
    }

    [Theory]
    [InlineData(null, null, "AzureWebJobsStorage (a connection string), or AzureWebJobsStorage__queueServiceUri or AzureWebJobsStorage__accountName")]
    [InlineData("AccountName=acct;AccountKey=c2VjcmV0LWtleQ==;Bogus", null, "AzureWebJobsStorage is not a storage connection string")]
    [InlineData(null, "http://127.0.0.1:10001/devstoreaccount1", "AzureWebJobsStorage__queueServiceUri must be an https URL")]
    public void SettingsThatCannotReachTheQueueAreNamed(string? connectionString, string? queueServiceUri, string named)
    {
        var options = Read(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString, ["AzureWebJobsStorage:queueServiceUri"] = queueServiceUri });

        Assert.Contains(named, string.Join(' ', NotificationQueueConnection.Problems(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void TheFunctionsHostDoesNotStartWithoutAQueueConnectionAndSaysWhichSetting()
    {
        var builder = WakeDock.Functions.Hosting.FunctionsWorkerHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [PipelineNames.NotificationsQueueSetting] = "Not_A_Queue" });
        using var host = builder.Build();

        var refused = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<NotificationQueueOptions>>().Value);

        Assert.Contains("AzureWebJobsStorage__queueServiceUri", refused.Message, StringComparison.Ordinal);
        Assert.Contains(PipelineNames.NotificationsQueueSetting + " must be 3 to 63 lower-case", refused.Message, StringComparison.Ordinal);
    }

    private static NotificationQueueOptions Read(Dictionary<string, string?> settings)
    {
        var options = new NotificationQueueOptions();
        NotificationQueueOptions.Read(options, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return options;
    }

    private static async Task SendAsync(Dictionary<string, string?> settings)
    {
        var options = Read(settings);
        Assert.Empty(NotificationQueueConnection.Problems(options));
        await new StorageNotificationOutbox(Options.Create(options)).EnqueueAsync(Notification, Ct);
    }

    private async Task<string> ReceiveAsync(string queue)
    {
        var message = (await new QueueClient(azurite.ConnectionString, queue).ReceiveMessageAsync(cancellationToken: Ct)).Value;
        Assert.NotNull(message);
        return JsonSerializer.Deserialize(message.Body.ToString(), AlertsJsonContext.Default.AlertNotification)!.Record.Alert.Id ?? "(no id)";
    }

    /// <summary>Records the scopes asked for and refuses, so that nothing leaves the machine.</summary>
    private sealed class RefusingCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public CredentialUnavailableException Refusal { get; } = new("no identity in the tests");

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            throw Refusal;
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            throw Refusal;
        }
    }
}
