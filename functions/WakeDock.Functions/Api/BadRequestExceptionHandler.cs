using Microsoft.AspNetCore.Diagnostics;

namespace WakeDock.Functions.Api;

/// <summary>
/// A request the server itself refused while it was read (a body over Kestrel's limit, a malformed request):
/// its own 4xx as problem details, never a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || context.Response.HasStarted)
        {
            return false;
        }

        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Detail = bad.Message,
                Extensions = { ["field"] = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ApiBody.Field : "request" },
            },
        });
    }
}
