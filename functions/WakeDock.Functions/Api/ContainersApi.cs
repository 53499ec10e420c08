using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WakeDock.Functions.Http;
using WakeDock.Functions.Security;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Api;

/// <summary>Which containers <c>/containers</c> lists.</summary>
public sealed record ContainerFilter
{
    [FromQuery(Name = "host"), Description("Only the containers of this Docker host (beyond the spec).")]
    public string? Host { get; init; }

    [FromQuery(Name = "service_name"), Description("Only the containers of this Compose service (beyond the spec).")]
    public string? ServiceName { get; init; }

    [FromQuery(Name = "active"), AllowedValues("true", "false"),
     Description("true: only containers that reported within three collection intervals; false: only those that stopped reporting (beyond the spec).")]
    public string? Active { get; init; }
}

internal static class ContainersApi
{
    public static void MapContainers(this RouteGroupBuilder api)
    {
        api.MapGet("/containers", List)
            .WithName("GetContainers")
            .WithSummary("The monitored containers with their latest values (every container that sent a sample within the hot window, two hours by default).");
        api.MapGet("/containers/{id}", Get)
            .WithName("GetContainer")
            .WithSummary("One monitored container, by id, name or an id prefix of 12 characters or more.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Ok<ContainerList> List([AsParameters] ContainerFilter filter, HttpContext context, ContainerDirectory directory)
    {
        bool? active = filter.Active switch { "true" => true, "false" => false, _ => null };
        return TypedResults.Ok(new ContainerList(directory.List(filter.Host, filter.ServiceName, active, context.ScopeOf())));
    }

    private static Results<Ok<ContainerEntry>, ValidationProblem, ProblemHttpResult> Get(HttpContext context, ContainerDirectory directory, [FromRoute] string id)
        => ApiProblem.Answer(() => TypedResults.Ok(directory.Find(ContainerIds.Check(id), context.ScopeOf()) ?? throw ContainerIds.Unknown(id)));
}
