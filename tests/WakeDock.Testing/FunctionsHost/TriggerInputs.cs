using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using NCrontab;
using WakeDock.Testing.FunctionsHost.Rpc;

namespace WakeDock.Testing.FunctionsHost;

/// <summary>The input data and trigger metadata the real host's trigger extensions put in an InvocationRequest.</summary>
internal static class TriggerInputs
{
    /// <summary>The host serialises binding data with Json.NET; dates come out in this ISO 8601 form.</summary>
    private const string JsonNetDate = "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz";

    /// <summary>
    /// The Timer extension's TimerInfo as JSON (its property names), with the schedule status the host keeps:
    /// the last and next occurrences of the function's schedule around now.
    /// </summary>
    public static TriggerInput Timer(HostedFunction function, AppSettings settings, bool isPastDue, DateTimeOffset now)
    {
        var schedule = settings.Resolve(HostedFunction.Text(function.Trigger, "schedule")
            ?? throw new FunctionsHostException($"Timer function {function.Name} has no schedule."), $"Function {function.Name}'s schedule");
        var (last, next) = Occurrences(schedule, function.Name, now.UtcDateTime);
        var timerInfo = new JsonObject
        {
            ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
            ["ScheduleStatus"] = new JsonObject
            {
                ["Last"] = last.ToString("o", CultureInfo.InvariantCulture),
                ["Next"] = next.ToString("o", CultureInfo.InvariantCulture),
                ["LastUpdated"] = last.ToString("o", CultureInfo.InvariantCulture),
            },
            ["IsPastDue"] = isPastDue,
        };
        return new TriggerInput(new ParameterBinding { Name = function.TriggerParameter, Data = new TypedData { Json = timerInfo.ToJsonString() } });
    }

    /// <summary>
    /// The Storage Queues extension's input: the message as a string (bytes for a binary binding), or, when the
    /// worker binds it deferred (SupportsDeferredBinding, e.g. to QueueMessage), as ModelBindingData of source
    /// AzureStorageQueues; and its binding data QueueTrigger, DequeueCount, Id, PopReceipt and the three times.
    /// </summary>
    public static TriggerInput Queue(HostedFunction function, QueueTriggerMessage message)
    {
        var text = message.Body.ToString();
        TypedData data;
        if (SupportsDeferredBinding(function.Trigger))
        {
            var content = new JsonObject
            {
                ["MessageId"] = message.Id,
                ["PopReceipt"] = message.PopReceipt,
                ["MessageText"] = text,
                ["DequeueCount"] = message.DequeueCount,
                ["InsertedOn"] = message.InsertedOn.ToString(JsonNetDate, CultureInfo.InvariantCulture),
                ["ExpiresOn"] = message.ExpiresOn.ToString(JsonNetDate, CultureInfo.InvariantCulture),
                ["NextVisibleOn"] = message.NextVisibleOn.ToString(JsonNetDate, CultureInfo.InvariantCulture),
            };
            data = new TypedData
            {
                ModelBindingData = new ModelBindingData
                {
                    Version = "1.0",
                    Source = "AzureStorageQueues",
                    ContentType = "application/json",
                    Content = ByteString.CopyFromUtf8(content.ToJsonString()),
                },
            };
        }
        else if (string.Equals(HostedFunction.Text(function.Trigger, "dataType"), "binary", StringComparison.OrdinalIgnoreCase))
        {
            data = new TypedData { Bytes = ByteString.CopyFrom(message.Body.ToArray()) };
        }
        else
        {
            data = new TypedData { String = text };
        }

        var input = new TriggerInput(new ParameterBinding { Name = function.TriggerParameter, Data = data });
        input.Metadata["QueueTrigger"] = new TypedData { String = text };
        input.Metadata["DequeueCount"] = new TypedData { Json = message.DequeueCount.ToString(CultureInfo.InvariantCulture) };
        input.Metadata["Id"] = new TypedData { String = message.Id };
        input.Metadata["PopReceipt"] = new TypedData { String = message.PopReceipt };
        input.Metadata["InsertionTime"] = JsonDate(message.InsertedOn);
        input.Metadata["ExpirationTime"] = JsonDate(message.ExpiresOn);
        input.Metadata["NextVisibleTime"] = JsonDate(message.NextVisibleOn);
        return input;
    }

    /// <summary>
    /// What the host sends for an HTTP trigger when the worker proxies HTTP (it reported HttpUri): an empty RpcHttp,
    /// because the request itself travels to the worker's HTTP endpoint; the route values, Query and Headers as binding data.
    /// </summary>
    public static TriggerInput Http(HostedFunction function, HttpRequest request)
    {
        var input = new TriggerInput(new ParameterBinding { Name = function.TriggerParameter, Data = new TypedData { Http = new RpcHttp() } });
        foreach (var (name, value) in request.RouteValues)
        {
            if (value is not null)
            {
                input.Metadata[name] = new TypedData { String = Convert.ToString(value, CultureInfo.InvariantCulture) };
            }
        }

        input.Metadata["Query"] = new TypedData { Json = JsonSerializer.Serialize(request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString())) };
        input.Metadata["Headers"] = new TypedData { Json = JsonSerializer.Serialize(request.Headers.ToDictionary(pair => pair.Key, pair => pair.Value.ToString())) };
        return input;
    }

    private static TypedData JsonDate(DateTimeOffset value)
        => new() { Json = JsonSerializer.Serialize(value.ToString(JsonNetDate, CultureInfo.InvariantCulture)) };

    private static bool SupportsDeferredBinding(JsonObject trigger)
        => HostedFunction.Node(trigger, "properties") is JsonObject properties
           && string.Equals(HostedFunction.Text(properties, "SupportsDeferredBinding"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The occurrences of an NCRONTAB (six fields, seconds first, or five) or TimeSpan schedule just before and after <paramref name="now"/>; an invalid schedule is an error, as in the real host.</summary>
    private static (DateTime Last, DateTime Next) Occurrences(string schedule, string functionName, DateTime now)
    {
        if (CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is { } withSeconds)
        {
            return Around(withSeconds, now);
        }

        if (CrontabSchedule.TryParse(schedule) is { } withoutSeconds)
        {
            return Around(withoutSeconds, now);
        }

        if (TimeSpan.TryParse(schedule, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            return (now - interval, now + interval);
        }

        throw new FunctionsHostException($"Function {functionName}'s schedule '{schedule}' is neither an NCRONTAB expression nor a TimeSpan.");
    }

    private static (DateTime Last, DateTime Next) Around(CrontabSchedule schedule, DateTime now)
    {
        var next = schedule.GetNextOccurrence(now);
        var last = schedule.GetNextOccurrences(now.AddDays(-1), now).LastOrDefault(now.AddDays(-1));
        return (last, next);
    }
}

/// <summary>The trigger's parameter binding and the binding data sent as trigger_metadata.</summary>
internal sealed record TriggerInput(ParameterBinding Input)
{
    public Dictionary<string, TypedData> Metadata { get; } = [];
}
