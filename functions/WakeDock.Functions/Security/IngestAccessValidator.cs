using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Security;

/// <summary>Refuses ingest settings that would let a caller in with an empty key.</summary>
public sealed class IngestAccessValidator : IValidateOptions<WakeDockOptions>
{
    public ValidateOptionsResult Validate(string? name, WakeDockOptions options)
    {
        var keys = options.Ingest.AgentKeys;
        var failures = Enumerable.Range(0, keys.Count)
            .Where(i => string.IsNullOrWhiteSpace(keys[i]))
            .Select(i => $"WakeDock:Ingest:AgentKeys:{i} is empty: an agent sending an empty {PipelineNames.AgentKeyHeader} would get in. Give the key, or 'sha256:' and the 64 hex digits of it.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
