using System.Text.Json.Serialization;

namespace WakeDock.EdgeAgent.Docker;

// The subset of the Engine API's JSON the agent reads (API 1.41+). Field names are the engine's.

/// <summary><c>GET /version</c>.</summary>
public sealed record DockerVersion
{
    [JsonPropertyName("ApiVersion")] public string? ApiVersion { get; init; }
}

/// <summary><c>GET /info</c>.</summary>
public sealed record DockerInfo
{
    [JsonPropertyName("ServerVersion")] public string? ServerVersion { get; init; }
    [JsonPropertyName("NCPU")] public int Cpus { get; init; }
    [JsonPropertyName("CgroupVersion")] public string? CgroupVersion { get; init; }
    [JsonPropertyName("ContainersRunning")] public int ContainersRunning { get; init; }
    [JsonPropertyName("ContainersPaused")] public int ContainersPaused { get; init; }
    [JsonPropertyName("ContainersStopped")] public int ContainersStopped { get; init; }
    [JsonPropertyName("DockerRootDir")] public string? DockerRootDir { get; init; }
}

/// <summary>One entry of <c>GET /containers/json</c>.</summary>
public sealed record DockerContainer
{
    [JsonPropertyName("Id")] public required string Id { get; init; }
    [JsonPropertyName("Names")] public IReadOnlyList<string>? Names { get; init; }
    [JsonPropertyName("Image")] public string? Image { get; init; }
    [JsonPropertyName("Labels")] public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>The parts of <c>GET /containers/{id}/json</c> the agent needs.</summary>
public sealed record DockerContainerDetails
{
    [JsonPropertyName("Id")] public required string Id { get; init; }
    [JsonPropertyName("Config")] public DockerContainerConfig? Config { get; init; }
    [JsonPropertyName("State")] public DockerContainerState? State { get; init; }
    [JsonPropertyName("HostConfig")] public DockerHostConfig? HostConfig { get; init; }
}

public sealed record DockerContainerState
{
    [JsonPropertyName("Running")] public bool Running { get; init; }
    [JsonPropertyName("Pid")] public int Pid { get; init; }
}

public sealed record DockerHostConfig
{
    [JsonPropertyName("NetworkMode")] public string? NetworkMode { get; init; }
    [JsonPropertyName("CgroupParent")] public string? CgroupParent { get; init; }
}

public sealed record DockerContainerConfig
{
    [JsonPropertyName("Tty")] public bool Tty { get; init; }
}

/// <summary>One line of <c>GET /events</c>.</summary>
public sealed record DockerEvent
{
    [JsonPropertyName("Type")] public string? Type { get; init; }
    [JsonPropertyName("Action")] public string? Action { get; init; }
    [JsonPropertyName("Actor")] public DockerEventActor? Actor { get; init; }
    [JsonPropertyName("time")] public long Time { get; init; }
    [JsonPropertyName("timeNano")] public long TimeNano { get; init; }
}

public sealed record DockerEventActor
{
    [JsonPropertyName("ID")] public string? Id { get; init; }
    [JsonPropertyName("Attributes")] public IReadOnlyDictionary<string, string>? Attributes { get; init; }
}

/// <summary><c>GET /containers/{id}/stats</c>, cgroup v1 and v2.</summary>
public sealed record DockerStats
{
    [JsonPropertyName("read")] public DateTimeOffset Read { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("pids_stats")] public PidsStats? PidsStats { get; init; }
    [JsonPropertyName("blkio_stats")] public BlkioStats? BlkioStats { get; init; }
    [JsonPropertyName("cpu_stats")] public CpuStats? CpuStats { get; init; }
    [JsonPropertyName("memory_stats")] public MemoryStats? MemoryStats { get; init; }
    [JsonPropertyName("networks")] public IReadOnlyDictionary<string, NetworkStats>? Networks { get; init; }
}

public sealed record PidsStats
{
    [JsonPropertyName("current")] public ulong? Current { get; init; }
}

public sealed record BlkioStats
{
    [JsonPropertyName("io_service_bytes_recursive")] public IReadOnlyList<BlkioEntry>? IoServiceBytesRecursive { get; init; }
}

public sealed record BlkioEntry
{
    [JsonPropertyName("op")] public string? Op { get; init; }
    [JsonPropertyName("value")] public ulong Value { get; init; }
}

public sealed record CpuStats
{
    [JsonPropertyName("cpu_usage")] public CpuUsage? CpuUsage { get; init; }
    [JsonPropertyName("system_cpu_usage")] public ulong? SystemCpuUsage { get; init; }
    [JsonPropertyName("online_cpus")] public uint? OnlineCpus { get; init; }
}

public sealed record CpuUsage
{
    [JsonPropertyName("total_usage")] public ulong TotalUsage { get; init; }
    [JsonPropertyName("percpu_usage")] public IReadOnlyList<ulong>? PercpuUsage { get; init; }
}

public sealed record MemoryStats
{
    [JsonPropertyName("usage")] public ulong? Usage { get; init; }
    [JsonPropertyName("limit")] public ulong? Limit { get; init; }
    [JsonPropertyName("stats")] public MemoryDetails? Stats { get; init; }
}

/// <summary>The two entries of <c>memory_stats.stats</c> the memory formula reads; the others are skipped.</summary>
public sealed record MemoryDetails
{
    [JsonPropertyName("total_inactive_file")] public ulong? TotalInactiveFile { get; init; }
    [JsonPropertyName("inactive_file")] public ulong? InactiveFile { get; init; }
}

public sealed record NetworkStats
{
    [JsonPropertyName("rx_bytes")] public ulong RxBytes { get; init; }
    [JsonPropertyName("tx_bytes")] public ulong TxBytes { get; init; }
}

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(DockerVersion))]
[JsonSerializable(typeof(DockerInfo))]
[JsonSerializable(typeof(List<DockerContainer>))]
[JsonSerializable(typeof(DockerContainerDetails))]
[JsonSerializable(typeof(DockerEvent))]
[JsonSerializable(typeof(DockerStats))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
