namespace WakeDock.EdgeAgent.Sampling;

/// <summary>What a sample says about the container besides its figures.</summary>
public sealed record ContainerIdentity(string Id, string? Name, string? ServiceName, string? Image)
{
    public const string ComposeServiceLabel = "com.docker.compose.service";

    public static ContainerIdentity From(string id, string? name, string? image, IReadOnlyDictionary<string, string>? labels)
        => new(id, name?.TrimStart('/'), labels is not null && labels.TryGetValue(ComposeServiceLabel, out var service) ? service : null, image);
}
