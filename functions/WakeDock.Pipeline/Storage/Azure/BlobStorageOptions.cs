namespace WakeDock.Pipeline.Storage.Azure;

/// <summary>Where the Azure Blob Storage account is and how to sign for it.</summary>
public sealed class BlobStorageOptions
{
    public const string Section = "WakeDock:Storage:Blob";

    /// <summary>The account's blob endpoint, e.g. <c>https://acct.blob.core.windows.net</c>, or Azurite's path-style <c>http://127.0.0.1:10000/devstoreaccount1</c>.</summary>
    public Uri? Endpoint { get; set; }

    public string AccountName { get; set; } = "";

    /// <summary>The base64 account key (Shared Key).</summary>
    public string AccountKey { get; set; } = "";

    public string Container { get; set; } = "wakedock";
}
