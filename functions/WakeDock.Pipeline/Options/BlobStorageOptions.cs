namespace WakeDock.Pipeline.Options;

/// <summary>
/// Where the Azure Blob Storage account is and how WakeDock signs in to it: exactly one of
/// <see cref="ConnectionString"/>, <see cref="SasUrl"/> or <see cref="Endpoint"/> (with <see cref="AccountKey"/> for
/// Shared Key, without it for <c>DefaultAzureCredential</c>). With none, the Functions host's <c>AzureWebJobsStorage</c>
/// is used (see <c>BlobConnection</c>).
/// </summary>
public sealed class BlobStorageOptions
{
    public const string Section = "WakeDock:Storage:Blob";

    /// <summary>
    /// The account's blob endpoint, e.g. <c>https://acct.blob.core.windows.net</c> or Azurite's path-style
    /// <c>http://127.0.0.1:10000/devstoreaccount1</c>; a container URL names the container itself.
    /// </summary>
    public Uri? Endpoint { get; set; }

    public string AccountName { get; set; } = "";

    /// <summary>The base64 account key (Shared Key); unset, <see cref="Endpoint"/> is signed in to with <c>DefaultAzureCredential</c>.</summary>
    public string AccountKey { get; set; } = "";

    /// <summary>A container (or account) URL carrying a SAS token, e.g. <c>https://acct.blob.core.windows.net/wakedock?sv=…&amp;sig=…</c>.</summary>
    public Uri? SasUrl { get; set; }

    /// <summary>A storage connection string (account key, SAS or <c>UseDevelopmentStorage=true</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The client id of a user-assigned managed identity, for <c>DefaultAzureCredential</c>.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public string Container { get; set; } = "wakedock";

    /// <summary>
    /// Retries of a failed request (a 5xx, 408, 429 or no answer) inside one store call, exponential from 0.8 s: the
    /// default 2 gives up after about 2.5 s, within the health probe's 5 s; 0 fails at once, leaving the retry to
    /// the caller (the queue, Dapr, the agent's spool).
    /// </summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>How long one request may wait for the service's answer.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
