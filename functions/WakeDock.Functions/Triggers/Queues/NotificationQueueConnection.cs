using Azure.Core;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Storage.Azure;

namespace WakeDock.Functions.Triggers.Queues;

/// <summary>
/// Where the notification outbox writes: the queue <see cref="NotificationFunctions"/> is triggered by, so on the
/// Functions host's own storage connection (<see cref="HostStorageConnection"/>) — the one setting its queue trigger reads.
/// </summary>
public sealed class NotificationQueueOptions
{
    public HostStorageConnection? Connection { get; set; }

    public string QueueName { get; set; } = PipelineNames.NotificationsQueue;

    public static void Read(NotificationQueueOptions options, IConfiguration configuration)
    {
        options.Connection = HostStorageConnection.Read(configuration, HostStorageConnection.Queue);
        if (configuration[PipelineNames.NotificationsQueueSetting] is { Length: > 0 } name)
        {
            options.QueueName = name;
        }
    }
}

/// <summary>
/// The Azure.Storage.Queues client of the notification queue: from the host's connection string (account key, SAS,
/// Azurite), or from its queue service URI signed in to with a Microsoft Entra token (<c>DefaultAzureCredential</c>,
/// the user-assigned identity <c>AzureWebJobsStorage__clientId</c> when set).
/// </summary>
public static class NotificationQueueConnection
{
    private const string Setting = HostStorageConnection.Setting;

    public static IReadOnlyList<string> Problems(NotificationQueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        switch (options.Connection)
        {
            case null:
                problems.Add($"The notification queue needs the Functions host's storage: {Setting} (a connection string), "
                    + $"or {Setting}__queueServiceUri or {Setting}__accountName to sign in with an identity.");
                break;
            case { ConnectionString: { } connectionString }:
                try
                {
                    _ = new QueueServiceClient(connectionString);
                }
                catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
                {
                    // the connection string holds a secret: its text is never repeated
                    problems.Add($"{Setting} is not a storage connection string: {e.GetType().Name}. "
                        + "Give AccountName and AccountKey, a SharedAccessSignature with QueueEndpoint, or UseDevelopmentStorage=true.");
                }

                break;
            case { ServiceUri: { } uri } when uri.Scheme != Uri.UriSchemeHttps:
                problems.Add($"{Setting}__queueServiceUri must be an https URL to sign in with an identity (Microsoft Entra tokens are never sent over http); "
                    + $"for an http endpoint such as Azurite's give {Setting} a connection string.");
                break;
        }

        if (options.QueueName.Length is < 3 or > 63 || !options.QueueName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || options.QueueName[0] == '-' || options.QueueName[^1] == '-' || options.QueueName.Contains("--", StringComparison.Ordinal))
        {
            problems.Add($"{PipelineNames.NotificationsQueueSetting} must be 3 to 63 lower-case letters, digits and single dashes ('{options.QueueName}').");
        }

        return problems;
    }

    /// <summary>The queue client the settings describe; call after <see cref="Problems"/> found none. <paramref name="credential"/> replaces <c>DefaultAzureCredential</c>.</summary>
    public static QueueClient Connect(NotificationQueueOptions options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new QueueClientOptions { Diagnostics = { ApplicationId = "wakedock" } };
        return options.Connection switch
        {
            { ConnectionString: { } connectionString } => new QueueClient(connectionString, options.QueueName, clientOptions),
            { ServiceUri: { } uri, ClientId: var clientId } => new QueueServiceClient(uri,
                credential ?? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId }), clientOptions)
                .GetQueueClient(options.QueueName),
            _ => throw new InvalidOperationException(string.Join(' ', Problems(options))),
        };
    }
}

/// <summary>Refuses to start with a notification queue that cannot work, naming the setting.</summary>
internal sealed class NotificationQueueValidation : IValidateOptions<NotificationQueueOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationQueueOptions options)
        => NotificationQueueConnection.Problems(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
