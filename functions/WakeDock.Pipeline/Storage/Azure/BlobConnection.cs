using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage;
using WakeDock.Pipeline.Options;

namespace WakeDock.Pipeline.Storage.Azure;

/// <summary>How WakeDock signs in to Blob Storage, chosen from <see cref="BlobStorageOptions"/>.</summary>
public enum BlobAuthentication
{
    ConnectionString,
    SharedKey,
    SharedAccessSignature,
    DefaultAzureCredential,
}

/// <summary>
/// Turns <see cref="BlobStorageOptions"/> into the Azure.Storage.Blobs container client: a connection string (its own
/// or the Functions host's <c>AzureWebJobsStorage</c>), a SAS URL, an endpoint with Shared Key, or an endpoint with
/// <c>DefaultAzureCredential</c> (managed identity, workload identity, environment, Azure CLI…). <see cref="Problems"/>
/// names the settings that cannot work, for the start-up validation.
/// </summary>
public static class BlobConnection
{
    private const string Setting = BlobStorageOptions.Section;

    /// <summary>With no source of its own, blob storage is the Functions host's: <c>AzureWebJobsStorage</c>, or its identity-based <c>AzureWebJobsStorage:blobServiceUri</c> (or <c>:accountName</c>).</summary>
    public static void UseHostStorage(BlobStorageOptions blob, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(blob.ConnectionString) || blob.SasUrl is not null || blob.Endpoint is not null)
        {
            return;
        }

        if (HostStorageConnection.Read(configuration, HostStorageConnection.Blob) is not { } host)
        {
            return;
        }

        if (host.ConnectionString is not null)
        {
            blob.ConnectionString = host.ConnectionString;
        }
        else
        {
            blob.Endpoint = host.ServiceUri;
            blob.ManagedIdentityClientId ??= host.ClientId;
        }
    }

    /// <summary>The way in the settings choose; null when they choose none or several.</summary>
    public static BlobAuthentication? AuthenticationOf(BlobStorageOptions blob)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(blob.ConnectionString);
        if ((hasConnectionString ? 1 : 0) + (blob.SasUrl is null ? 0 : 1) + (blob.Endpoint is null ? 0 : 1) != 1)
        {
            return null;
        }

        return hasConnectionString ? BlobAuthentication.ConnectionString
            : blob.SasUrl is not null ? BlobAuthentication.SharedAccessSignature
            : string.IsNullOrEmpty(blob.AccountKey) ? BlobAuthentication.DefaultAzureCredential
            : BlobAuthentication.SharedKey;
    }

    public static IReadOnlyList<string> Problems(BlobStorageOptions blob)
    {
        var problems = new List<string>();
        var sources = (string.IsNullOrWhiteSpace(blob.ConnectionString) ? 0 : 1) + (blob.SasUrl is null ? 0 : 1) + (blob.Endpoint is null ? 0 : 1);
        if (sources == 0)
        {
            problems.Add($"Blob storage needs one of {Setting}:ConnectionString (or the host's AzureWebJobsStorage), {Setting}:SasUrl, "
                + $"or {Setting}:Endpoint (with AccountName and AccountKey for Shared Key, alone to sign in with DefaultAzureCredential).");
            return problems;
        }

        if (sources > 1)
        {
            problems.Add($"Set only one of {Setting}:ConnectionString, {Setting}:SasUrl and {Setting}:Endpoint.");
            return problems;
        }

        switch (AuthenticationOf(blob))
        {
            case BlobAuthentication.ConnectionString:
                try
                {
                    _ = new BlobServiceClient(blob.ConnectionString);
                }
                catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
                {
                    // the connection string holds a secret: its text is never repeated
                    problems.Add($"{Setting}:ConnectionString (or AzureWebJobsStorage) is not a storage connection string: {e.GetType().Name}. "
                        + "Give AccountName and AccountKey, a SharedAccessSignature with BlobEndpoint, or UseDevelopmentStorage=true.");
                }

                break;
            case BlobAuthentication.SharedAccessSignature:
                if (!IsHttp(blob.SasUrl!) || !blob.SasUrl!.Query.Contains("sig=", StringComparison.Ordinal))
                {
                    problems.Add($"{Setting}:SasUrl must be an http(s) container or account URL with a SAS token (…?sv=…&sig=…).");
                }

                break;
            case BlobAuthentication.SharedKey:
                if (!IsHttp(blob.Endpoint!))
                {
                    problems.Add($"{Setting}:Endpoint must be an absolute http(s) URL.");
                }

                if (string.IsNullOrEmpty(blob.AccountName) || !IsBase64(blob.AccountKey))
                {
                    problems.Add($"{Setting}:AccountName and a base64 AccountKey must be set for Shared Key (or remove AccountKey to sign in with DefaultAzureCredential).");
                }

                break;
            case BlobAuthentication.DefaultAzureCredential:
                if (!blob.Endpoint!.IsAbsoluteUri || blob.Endpoint.Scheme != Uri.UriSchemeHttps)
                {
                    problems.Add($"{Setting}:Endpoint must be an https URL to sign in with DefaultAzureCredential (Microsoft Entra tokens are never sent over http); "
                        + "for an http endpoint such as Azurite's give AccountName and AccountKey, a SasUrl or a ConnectionString.");
                }

                break;
        }

        if (ContainerInUrl(blob) is null && !IsContainerName(blob.Container))
        {
            problems.Add($"{Setting}:Container must be 3 to 63 lower-case letters, digits and single dashes ('{blob.Container}').");
        }

        return problems;
    }

    /// <summary>The container client the settings describe; call after <see cref="Problems"/> found none.</summary>
    public static BlobContainerClient Connect(BlobStorageOptions blob)
    {
        var options = new BlobClientOptions
        {
            Retry = { MaxRetries = blob.MaxRetries, NetworkTimeout = blob.NetworkTimeout },
            Diagnostics = { ApplicationId = "wakedock" },
        };
        var inUrl = ContainerInUrl(blob);
        switch (AuthenticationOf(blob))
        {
            case BlobAuthentication.ConnectionString:
                return new BlobServiceClient(blob.ConnectionString, options).GetBlobContainerClient(blob.Container);
            case BlobAuthentication.SharedAccessSignature:
                return inUrl is null
                    ? new BlobServiceClient(blob.SasUrl, options).GetBlobContainerClient(blob.Container)
                    : new BlobContainerClient(blob.SasUrl, options);
            case BlobAuthentication.SharedKey:
                var key = new StorageSharedKeyCredential(blob.AccountName, blob.AccountKey);
                return inUrl is null
                    ? new BlobServiceClient(blob.Endpoint, key, options).GetBlobContainerClient(blob.Container)
                    : new BlobContainerClient(blob.Endpoint, key, options);
            case BlobAuthentication.DefaultAzureCredential:
                TokenCredential credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = blob.ManagedIdentityClientId });
                return inUrl is null
                    ? new BlobServiceClient(blob.Endpoint, credential, options).GetBlobContainerClient(blob.Container)
                    : new BlobContainerClient(blob.Endpoint, credential, options);
            default:
                throw new InvalidOperationException(string.Join(' ', Problems(blob)));
        }
    }

    /// <summary>The container a SAS URL or endpoint names in its path, if it names one.</summary>
    private static string? ContainerInUrl(BlobStorageOptions blob)
        => (blob.SasUrl ?? blob.Endpoint) is { IsAbsoluteUri: true } url && IsHttp(url) && new BlobUriBuilder(url).BlobContainerName is { Length: > 0 } name ? name : null;

    private static bool IsHttp(Uri url) => url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);

    private static bool IsContainerName(string name)
        => name.Length is >= 3 and <= 63 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
           && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);

    private static bool IsBase64(string value) => value.Length > 0 && Convert.TryFromBase64String(value, new byte[value.Length], out _);
}

/// <summary>
/// The Functions host's storage connection, <c>AzureWebJobsStorage</c>, for one service, in the forms the host reads it:
/// a connection string (account key, SAS or <c>UseDevelopmentStorage=true</c>), or identity-based settings under the
/// same name — <c>AzureWebJobsStorage__blobServiceUri</c> / <c>__queueServiceUri</c>, or <c>__accountName</c> for the
/// public cloud's endpoints, with <c>__clientId</c> for a user-assigned identity. Blob storage and the notification
/// queue read it here, so that they use the account and the sign-in the host's triggers use.
/// </summary>
public sealed record HostStorageConnection(string? ConnectionString, Uri? ServiceUri, string? ClientId)
{
    public const string Setting = "AzureWebJobsStorage";
    public const string Blob = "blob";
    public const string Queue = "queue";

    /// <summary>The connection for <paramref name="service"/> (<see cref="Blob"/> or <see cref="Queue"/>); null when none is set.</summary>
    public static HostStorageConnection? Read(IConfiguration configuration, string service)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var host = configuration.GetSection(Setting);
        if (!string.IsNullOrWhiteSpace(host.Value))
        {
            return new HostStorageConnection(host.Value, null, null);
        }

        var clientId = string.IsNullOrWhiteSpace(host["clientId"]) ? null : host["clientId"];
        if (Uri.TryCreate(host[$"{service}ServiceUri"], UriKind.Absolute, out var serviceUri))
        {
            return new HostStorageConnection(null, serviceUri, clientId);
        }

        return host["accountName"] is { Length: > 0 } account && Uri.TryCreate($"https://{account}.{service}.core.windows.net", UriKind.Absolute, out var accountUri)
            ? new HostStorageConnection(null, accountUri, clientId)
            : null;
    }
}
