namespace WakeDock.Functions.Live.Azure;

/// <summary>
/// Azure SignalR Service in serverless mode (section <c>Azure:SignalR</c>), for the distributed mode only: with a
/// connection string set, the hub's negotiate redirects browsers to the service and the broadcaster sends through
/// its data-plane REST API instead of the in-process hub.
/// </summary>
public sealed class AzureSignalROptions
{
    public const string Section = "Azure:SignalR";

    /// <summary><c>Endpoint=https://&lt;name&gt;.service.signalr.net;AccessKey=…;Version=1.0;</c> (also <c>Azure__SignalR__ConnectionString</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The hub on the service; lower-case there.</summary>
    public string HubName { get; set; } = "live";

    /// <summary>How long a browser's access token to the service lasts.</summary>
    public TimeSpan ClientTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>One REST call to the service.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString);
}
