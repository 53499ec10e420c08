using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Cgroups;

/// <summary>
/// Whether the agent reads container stats from the host's cgroup files (<see cref="StatsSource.Auto"/>
/// and the files are visible) or from the Engine API only; the mode is reported in the health answer,
/// in <c>/metrics</c> and at start. Containers whose files cannot be found still go through the engine.
/// </summary>
public sealed class CgroupStatsSource
{
    private readonly CgroupLocator? _locator;
    private readonly CgroupStatsReader? _reader;
    private readonly HostFiles _host;

    public CgroupStatsSource(AgentOptions options)
    {
        _host = new HostFiles(options.HostRoot);
        if (options.StatsSource == StatsSource.Auto && _host.Version != CgroupVersion.None && File.Exists(Path.Combine(_host.ProcRoot, "stat")))
        {
            _locator = new CgroupLocator(_host);
            _reader = new CgroupStatsReader(_host.MachineMemory());
        }
    }

    public bool Enabled => _reader is not null;

    /// <summary><c>cgroup-v1</c>, <c>cgroup-v2</c> or <c>engine</c>.</summary>
    public string Mode => !Enabled ? "engine" : _host.Version == CgroupVersion.V2 ? "cgroup-v2" : "cgroup-v1";

    public string CgroupRoot => _host.CgroupRoot;

    public ContainerCgroup? Locate(DockerContainerDetails details) => _locator?.Locate(details);

    public SystemCpu ReadSystemCpu() => _host.ReadSystemCpu();

    public DockerStats Read(ContainerCgroup cgroup, SystemCpu system, DateTimeOffset now)
        => (_reader ?? throw new InvalidOperationException("cgroup stats are off")).Read(cgroup, system, now);
}
