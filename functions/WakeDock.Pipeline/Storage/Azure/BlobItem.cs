namespace WakeDock.Pipeline.Storage.Azure;

/// <summary>One blob from a listing.</summary>
public sealed record BlobItem(string Name, long Length, DateTimeOffset? LastModified);
