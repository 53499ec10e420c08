using Microsoft.AspNetCore.Mvc;

namespace WakeDock.Functions.Triggers.Http;

/// <summary>The API's endpoints by name: an HTTP-triggered function answers its request with the endpoint of its name.</summary>
public interface IHttpEndpoints
{
    /// <summary>Answers the request with the named endpoint (404 when this configuration serves none); the answer is written to the response.</summary>
    Task<IActionResult> RunAsync(string name, HttpRequest request);
}
