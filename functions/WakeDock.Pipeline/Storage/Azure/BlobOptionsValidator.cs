using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;

namespace WakeDock.Pipeline.Storage.Azure;

/// <summary>Refuses to start on blob storage settings that cannot work (<see cref="BlobConnection.Problems"/>), naming the setting.</summary>
public sealed class BlobOptionsValidator : IValidateOptions<WakeDockOptions>
{
    public ValidateOptionsResult Validate(string? name, WakeDockOptions options)
    {
        if (options.Storage.Kind != StorageKind.Blob)
        {
            return ValidateOptionsResult.Success;
        }

        var blob = options.Storage.Blob;
        List<string> failures = [.. BlobConnection.Problems(blob)];
        if (blob.MaxRetries is < 0 or > 10)
        {
            failures.Add("WakeDock:Storage:Blob:MaxRetries must be within [0, 10].");
        }

        if (blob.NetworkTimeout <= TimeSpan.Zero)
        {
            failures.Add("WakeDock:Storage:Blob:NetworkTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
