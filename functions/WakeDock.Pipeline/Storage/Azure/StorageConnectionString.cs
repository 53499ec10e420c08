namespace WakeDock.Pipeline.Storage.Azure;

/// <summary>
/// An Azure Storage connection string (<c>AccountName=…;AccountKey=…;BlobEndpoint=…</c> or
/// <c>DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net</c>), or
/// <c>UseDevelopmentStorage=true</c> for Azurite: what the Functions host's <c>AzureWebJobsStorage</c> holds.
/// </summary>
public sealed record StorageConnectionString(Uri BlobEndpoint, string AccountName, string AccountKey)
{
    /// <summary>Azurite's account and key, as Microsoft publishes them for local development.</summary>
    private const string DevelopmentAccount = "devstoreaccount1";
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static StorageConnectionString Parse(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && bool.TryParse(development, out var yes) && yes)
        {
            var proxy = parts.TryGetValue("DevelopmentStorageProxyUri", out var uri) ? uri.TrimEnd('/') : "http://127.0.0.1";
            return new StorageConnectionString(new Uri($"{proxy}:10000/{DevelopmentAccount}"), DevelopmentAccount, DevelopmentKey);
        }

        if (!parts.TryGetValue("AccountName", out var account) || !parts.TryGetValue("AccountKey", out var key))
        {
            throw new FormatException("The storage connection string needs AccountName and AccountKey (or UseDevelopmentStorage=true); "
                + "an identity-based connection is not supported by WakeDock's blob client yet.");
        }

        var endpoint = parts.TryGetValue("BlobEndpoint", out var blob)
            ? new Uri(blob.TrimEnd('/'))
            : new Uri($"{(parts.TryGetValue("DefaultEndpointsProtocol", out var scheme) ? scheme : "https")}://{account}.blob.{(parts.TryGetValue("EndpointSuffix", out var suffix) ? suffix : "core.windows.net")}");
        return new StorageConnectionString(endpoint, account, key);
    }
}
