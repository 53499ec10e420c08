using WakeDock.Testing.FunctionsHost.Rpc;

namespace WakeDock.Testing.FunctionsHost;

/// <summary>What the worker answered to one InvocationRequest.</summary>
public sealed record InvocationResult(string FunctionName, string InvocationId, bool Succeeded, string? Error, TypedData? ReturnValue, IReadOnlyList<ParameterBinding> OutputData)
{
    internal static InvocationResult From(string functionName, InvocationResponse response)
    {
        var succeeded = response.Result?.Status == StatusResult.Types.Status.Success;
        var error = succeeded ? null : response.Result?.Exception?.Message ?? response.Result?.Result ?? "the worker gave no status";
        return new InvocationResult(functionName, response.InvocationId, succeeded, error, response.ReturnValue, response.OutputData.ToArray());
    }

    /// <summary>The named output binding's value as text (string, JSON or UTF-8 bytes), or null.</summary>
    public string? Output(string bindingName)
    {
        var data = OutputData.FirstOrDefault(binding => binding.Name == bindingName)?.Data;
        return data?.DataCase switch
        {
            TypedData.DataOneofCase.String => data.String,
            TypedData.DataOneofCase.Json => data.Json,
            TypedData.DataOneofCase.Bytes => data.Bytes.ToStringUtf8(),
            _ => null,
        };
    }
}
