using System.Text.Json.Nodes;
using WakeDock.Testing.FunctionsHost.Rpc;

namespace WakeDock.Testing.FunctionsHost;

/// <summary>A function the worker reported in its FunctionMetadataResponse and loaded, with its raw bindings.</summary>
public sealed class HostedFunction
{
    internal HostedFunction(RpcFunctionMetadata metadata)
    {
        Metadata = metadata;
        Bindings = metadata.RawBindings.Select(raw => JsonNode.Parse(raw)?.AsObject()
            ?? throw new FunctionsHostException($"Function {metadata.Name} has a binding that is not a JSON object: {raw}")).ToArray();
        Trigger = Bindings.SingleOrDefault(binding => Text(binding, "type")?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true)
            ?? throw new FunctionsHostException($"Function {metadata.Name} has no trigger binding: {string.Join(", ", metadata.RawBindings)}");
    }

    internal RpcFunctionMetadata Metadata { get; }

    public string Name => Metadata.Name;

    public string FunctionId => Metadata.FunctionId;

    public string EntryPoint => Metadata.EntryPoint;

    public IReadOnlyList<JsonObject> Bindings { get; }

    public JsonObject Trigger { get; }

    /// <summary>The trigger binding's type as the worker wrote it, e.g. <c>timerTrigger</c>, <c>queueTrigger</c>, <c>httpTrigger</c>.</summary>
    public string TriggerType => Text(Trigger, "type")!;

    /// <summary>The trigger binding's name: the parameter the worker binds the trigger input to.</summary>
    public string TriggerParameter => Text(Trigger, "name") ?? throw new FunctionsHostException($"Function {Name}'s trigger has no name.");

    public bool IsTriggeredBy(string triggerType) => string.Equals(TriggerType, triggerType, StringComparison.OrdinalIgnoreCase);

    internal static string? Text(JsonObject binding, string property)
        => binding.FirstOrDefault(pair => string.Equals(pair.Key, property, StringComparison.OrdinalIgnoreCase)).Value?.GetValue<string>();

    internal static JsonNode? Node(JsonObject binding, string property)
        => binding.FirstOrDefault(pair => string.Equals(pair.Key, property, StringComparison.OrdinalIgnoreCase)).Value;

    public override string ToString() => $"{Name} ({TriggerType})";
}
