namespace WakeDock.EdgeAgent.Cgroups;

/// <summary>
/// Where one container's counters are on this host: its cgroup folders (one per controller on v1,
/// one for all on v2) and its init process, whose network namespace holds its interfaces.
/// </summary>
/// <param name="Id">The cgroup's path in its hierarchy (<c>/docker/&lt;id&gt;</c>), cAdvisor's <c>id</c> label.</param>
public sealed record ContainerCgroup(CgroupVersion Version, string Cpu, string Memory, string? Pids, string? Block, string? NetDev, string Id = "")
{
    /// <summary>On cgroup v2: the same folder for every controller.</summary>
    public static ContainerCgroup Unified(string folder, string? netDev, string id = "") => new(CgroupVersion.V2, folder, folder, folder, folder, netDev, id);
}
