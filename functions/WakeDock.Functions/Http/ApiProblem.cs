using Microsoft.AspNetCore.Http.HttpResults;
using WakeDock.Pipeline.Thresholds;

namespace WakeDock.Functions.Http;

/// <summary>A client mistake, with the field at fault; the API's endpoint filter answers it as RFC 7807 problem details.</summary>
public sealed class ApiProblemException(int status, string field, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Field { get; } = field;
}

/// <summary>Problem details (RFC 7807) that name the field at fault, in <c>field</c> and in <c>errors</c>.</summary>
public static class ApiProblem
{
    public static ApiProblemException Invalid(string field, string detail) => new(StatusCodes.Status400BadRequest, field, detail);

    public static ApiProblemException NotFound(string field, string detail) => new(StatusCodes.Status404NotFound, field, detail);

    public static IResult ToResult(ApiProblemException problem) => problem.Status == StatusCodes.Status400BadRequest
        ? Validation(problem.Field, problem.Message)
        : Problem(problem.Status, problem.Field, problem.Message);

    public static ValidationProblem Validation(string field, string detail)
        => TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [detail] },
            detail: detail,
            title: "The request is not valid.",
            extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>The handler's answer, or the client mistake it found as problem details: the union the OpenAPI document shows.</summary>
    public static async Task<Results<TAnswer, ValidationProblem, ProblemHttpResult>> AnswerAsync<TAnswer>(Func<Task<TAnswer>> answer)
        where TAnswer : IResult
    {
        try
        {
            return await answer();
        }
        catch (ThresholdRejectedException rejected)
        {
            return Rejected(rejected);
        }
        catch (ApiProblemException problem) when (problem.Status == StatusCodes.Status400BadRequest)
        {
            return Validation(problem.Field, problem.Message);
        }
        catch (ApiProblemException problem)
        {
            return Problem(problem.Status, problem.Field, problem.Message);
        }
    }

    /// <inheritdoc cref="AnswerAsync{TAnswer}"/>
    public static Results<TAnswer, ValidationProblem, ProblemHttpResult> Answer<TAnswer>(Func<TAnswer> answer)
        where TAnswer : IResult
    {
        try
        {
            return answer();
        }
        catch (ApiProblemException problem) when (problem.Status == StatusCodes.Status400BadRequest)
        {
            return Validation(problem.Field, problem.Message);
        }
        catch (ApiProblemException problem)
        {
            return Problem(problem.Status, problem.Field, problem.Message);
        }
    }

    public static ProblemHttpResult Problem(int status, string? field, string detail)
        => TypedResults.Problem(detail, statusCode: status, extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    /// <summary>
    /// Refuses query parameters the endpoint does not take, then answers the client mistakes thrown by a handler (or by
    /// the threshold store) as problem details.
    /// </summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            ApiQuery.Of(context.HttpContext);
            return await next(context);
        }
        catch (ApiProblemException problem)
        {
            return ToResult(problem);
        }
        catch (ThresholdRejectedException rejected)
        {
            return Rejected(rejected);
        }
        catch (SidecarException unavailable)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, null, unavailable.Message);
        }
    }

    // ArgumentException appends " (Parameter '…')" to the message; the field is named apart.
    private static ValidationProblem Rejected(ThresholdRejectedException rejected)
        => Validation(rejected.Field, rejected.Message.Replace($" (Parameter '{rejected.Field}')", "", StringComparison.Ordinal));
}
