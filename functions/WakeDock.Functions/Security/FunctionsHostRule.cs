using Microsoft.Extensions.Options;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Security;

/// <summary>
/// Under the Functions host, requests reach the worker from wherever the Function App (or <c>func start</c>) listens,
/// which the worker cannot see: the loopback rule of the embedded host cannot apply, so an API key is required.
/// </summary>
public sealed class FunctionsHostRule(IConfiguration configuration) : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
        => HostMode.IsWorker(configuration) && options.ApiKeys.Count == 0 && !options.AllowAnonymousNonLoopback
            ? ValidateOptionsResult.Fail("Under the Functions host WakeDock needs at least one API key (WakeDock:Security:ApiKeys, app settings "
                + "WakeDock__Security__ApiKeys__0__Name / __Hash / __Role; see docs/security.md): the host's address is reachable beyond this machine.")
            : ValidateOptionsResult.Success;
}
