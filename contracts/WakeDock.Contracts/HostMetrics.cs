namespace WakeDock.Contracts;

/// <summary>
/// The Docker host itself at one instant, as its agent read it from the host's <c>/proc</c>, the
/// file systems' statfs and the engine's container counts. Counters (CPU seconds, bytes) run from
/// boot; <see cref="CpuPercent"/> is over the agent's last interval.
/// </summary>
public sealed record HostMetrics
{
    /// <summary>When the agent read the host (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Online CPUs.</summary>
    public int CpuCount { get; init; }

    /// <summary>Busy CPU time over the interval in percent of all CPUs (0–100): everything but idle and iowait.</summary>
    public double CpuPercent { get; init; }

    /// <summary>Seconds spent in each CPU state since boot, summed over the CPUs.</summary>
    public HostCpuSeconds CpuSeconds { get; init; } = new();

    /// <summary>Load averages over 1, 5 and 15 minutes.</summary>
    public double Load1 { get; init; }

    /// <summary>5-minute load average.</summary>
    public double Load5 { get; init; }

    /// <summary>15-minute load average.</summary>
    public double Load15 { get; init; }

    /// <summary><c>MemTotal</c>, in bytes.</summary>
    public long MemoryTotalBytes { get; init; }

    /// <summary><c>MemAvailable</c>: what new work could use without swapping, in bytes.</summary>
    public long MemoryAvailableBytes { get; init; }

    /// <summary><c>MemFree</c>, in bytes.</summary>
    public long MemoryFreeBytes { get; init; }

    /// <summary><c>Buffers</c>, in bytes.</summary>
    public long MemoryBuffersBytes { get; init; }

    /// <summary><c>Cached</c> (page cache), in bytes.</summary>
    public long MemoryCachedBytes { get; init; }

    /// <summary><c>SwapTotal</c>, in bytes.</summary>
    public long SwapTotalBytes { get; init; }

    /// <summary><c>SwapFree</c>, in bytes.</summary>
    public long SwapFreeBytes { get; init; }

    // set, not init: the JSON source generator resets init-only properties that a message leaves out, losing this default.
    /// <summary>The root file system and Docker's data file system (<c>role</c> <c>root</c> and <c>data</c>; one entry with role <c>root</c> when they are the same).</summary>
    public IReadOnlyList<HostFilesystem> Filesystems { get; set; } = [];

    /// <summary>Whole block devices (no partitions, loop or ram devices).</summary>
    public IReadOnlyList<HostDisk> Disks { get; set; } = [];

    /// <summary>The host's network interfaces, loopback left out.</summary>
    public IReadOnlyList<HostNetworkInterface> Networks { get; set; } = [];

    /// <summary>When the host booted (UTC).</summary>
    public DateTimeOffset BootTime { get; init; }

    /// <summary>Seconds since boot.</summary>
    public double UptimeSeconds { get; init; }

    /// <summary>The engine's containers by state, from its last listing; null before the first.</summary>
    public HostContainerCounts? Containers { get; init; }
}

/// <summary>CPU seconds per state since boot, over all CPUs (the columns of the <c>cpu</c> line of <c>/proc/stat</c>).</summary>
public sealed record HostCpuSeconds
{
    /// <summary>Normal processes in user mode.</summary>
    public double User { get; init; }

    /// <summary>Niced processes in user mode.</summary>
    public double Nice { get; init; }

    /// <summary>Processes in kernel mode.</summary>
    public double System { get; init; }

    /// <summary>Idle.</summary>
    public double Idle { get; init; }

    /// <summary>Idle while waiting for I/O.</summary>
    public double Iowait { get; init; }

    /// <summary>Servicing interrupts.</summary>
    public double Irq { get; init; }

    /// <summary>Servicing softirqs.</summary>
    public double Softirq { get; init; }

    /// <summary>Taken by the hypervisor for other guests.</summary>
    public double Steal { get; init; }
}

/// <summary>One mounted file system's space (statfs).</summary>
public sealed record HostFilesystem
{
    /// <summary><c>root</c> (the host's <c>/</c>) or <c>data</c> (Docker's data root).</summary>
    public required string Role { get; init; }

    /// <summary>Where it is mounted, as the host names it.</summary>
    public required string Mountpoint { get; init; }

    /// <summary>The mounted device (<c>/dev/sda1</c>).</summary>
    public string? Device { get; init; }

    /// <summary>The file system type (<c>ext4</c>, <c>xfs</c>, <c>overlay</c>…).</summary>
    public string? Fstype { get; init; }

    /// <summary>Size in bytes.</summary>
    public long SizeBytes { get; init; }

    /// <summary>Free blocks, including those reserved for root.</summary>
    public long FreeBytes { get; init; }

    /// <summary>Free blocks an unprivileged user can use.</summary>
    public long AvailableBytes { get; init; }

    /// <summary>Used in percent of what is usable: used / (used + available) × 100, as <c>df</c> shows it.</summary>
    public double UsedPercent { get; init; }
}

/// <summary>One block device's I/O since boot (<c>/proc/diskstats</c>).</summary>
public sealed record HostDisk
{
    /// <summary>The block device (<c>sda</c>, <c>nvme0n1</c>).</summary>
    public required string Device { get; init; }

    /// <summary>Bytes read.</summary>
    public long ReadBytes { get; init; }

    /// <summary>Bytes written.</summary>
    public long WrittenBytes { get; init; }

    /// <summary>Reads completed.</summary>
    public long ReadsCompleted { get; init; }

    /// <summary>Writes completed.</summary>
    public long WritesCompleted { get; init; }

    /// <summary>Seconds the device had I/O in progress.</summary>
    public double IoTimeSeconds { get; init; }
}

/// <summary>One network interface's counters since boot (<c>/proc/net/dev</c> of the host's namespace).</summary>
public sealed record HostNetworkInterface
{
    /// <summary>The interface (<c>eth0</c>).</summary>
    public required string Device { get; init; }

    /// <summary>Bytes received.</summary>
    public long RxBytes { get; init; }

    /// <summary>Bytes sent.</summary>
    public long TxBytes { get; init; }

    /// <summary>Packets received.</summary>
    public long RxPackets { get; init; }

    /// <summary>Packets sent.</summary>
    public long TxPackets { get; init; }

    /// <summary>Receive errors.</summary>
    public long RxErrors { get; init; }

    /// <summary>Transmit errors.</summary>
    public long TxErrors { get; init; }

    /// <summary>Received packets dropped.</summary>
    public long RxDropped { get; init; }

    /// <summary>Packets to send dropped.</summary>
    public long TxDropped { get; init; }
}

/// <summary>The engine's containers by state.</summary>
public sealed record HostContainerCounts
{
    /// <summary>Running containers.</summary>
    public int Running { get; init; }

    /// <summary>Paused containers.</summary>
    public int Paused { get; init; }

    /// <summary>Stopped (exited or created) containers.</summary>
    public int Stopped { get; init; }
}
