using Azure.Identity;
using Azure;
using WakeDock.Pipeline.Options;

namespace WakeDock.Pipeline.Storage.Azure;

/// <summary>
/// A Blob service call that failed: an error status (<see cref="Status"/>, <see cref="ErrorCode"/> its
/// <c>x-ms-error-code</c>), no answer (status 0) or no token for the credential. An <see cref="IOException"/>, as a
/// folder's failures are, so that callers of <see cref="IBlobStore"/> handle every store's failures alike.
/// </summary>
public sealed class BlobServiceException(int status, string? errorCode, string message, Exception inner) : IOException(message, inner)
{
    public int Status { get; } = status;

    public string? ErrorCode { get; } = errorCode;

    /// <summary>The store's failure for an exception of the SDK or its credential; null for anything else (a bug, the caller's cancellation).</summary>
    public static BlobServiceException? From(Exception e, string operation, string target, CancellationToken cancellationToken)
    {
        switch (e)
        {
            case RequestFailedException { Status: 0 } failed:
                return new BlobServiceException(0, null, $"Blob service unreachable for {operation} {target}: {FirstLine(failed.InnerException?.Message ?? failed.Message)}", e);
            case RequestFailedException failed:
                return new BlobServiceException(failed.Status, failed.ErrorCode,
                    $"Blob service answered {failed.Status} {failed.ErrorCode} for {operation} {target}: {FirstLine(failed.Message)}", e);
            case AuthenticationFailedException:
                return new BlobServiceException(0, null,
                    $"No token to sign in to blob storage for {operation} {target} (DefaultAzureCredential; give the app an identity with the Storage Blob Data "
                    + $"Contributor role, or set {BlobStorageOptions.Section}:AccountKey, SasUrl or ConnectionString): {FirstLine(e.Message)}", e);
            case AggregateException { InnerExceptions.Count: > 0 } retried when From(retried.InnerExceptions[^1], operation, target, cancellationToken) is { } last:
                return new BlobServiceException(last.Status, last.ErrorCode, $"{last.Message} (after {retried.InnerExceptions.Count} tries)", e);
            case OperationCanceledException when !cancellationToken.IsCancellationRequested:
                return new BlobServiceException(0, null, $"Blob service timed out for {operation} {target}: {FirstLine(e.Message)}", e);
            default:
                return null;
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
