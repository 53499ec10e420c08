using System.Net;

namespace WakeDock.Pipeline.Storage.Azure;

/// <summary>The Blob service answered with an error status; <see cref="ErrorCode"/> is its <c>x-ms-error-code</c>.</summary>
public sealed class BlobRequestException(HttpStatusCode status, string? errorCode, string message)
    : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string? ErrorCode { get; } = errorCode;
}
