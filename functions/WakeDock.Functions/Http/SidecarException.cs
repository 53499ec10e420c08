namespace WakeDock.Functions.Http;

/// <summary>The sidecar answered something other than success, or could not be reached.</summary>
public sealed class SidecarException(string message, Exception? inner = null) : Exception(message, inner);
