using System.Text;
using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Cgroups;

/// <summary>
/// Finds a container's cgroup folders from its inspect (init pid, network mode, cgroup parent):
/// the paths its init process is in (<c>/proc/&lt;pid&gt;/cgroup</c>), or else the folders the
/// cgroupfs and systemd drivers name after the container. Null when they are not visible here
/// (a remote engine, a container without the host's files): that container is read through the Engine API.
/// </summary>
public sealed class CgroupLocator(HostFiles host)
{
    public ContainerCgroup? Locate(DockerContainerDetails details)
    {
        if (host.Version == CgroupVersion.None || details.State is not { Running: true, Pid: > 0 } state)
        {
            return null;
        }

        var id = details.Id;
        var netDev = OwnsNetworkNamespace(details.HostConfig?.NetworkMode) ? Path.Combine(host.ProcRoot, state.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "net", "dev") : null;
        var processPaths = ProcessCgroups(state.Pid);
        var parent = details.HostConfig?.CgroupParent is { Length: > 0 } p ? p.Trim('/') : null;
        if (host.Version == CgroupVersion.V2)
        {
            var path = Candidates(processPaths.GetValueOrDefault(""), id, parent)
                .FirstOrDefault(path => File.Exists(Path.Combine(host.CgroupRoot, path, "cpu.stat")));
            return path is null ? null : ContainerCgroup.Unified(Path.Combine(host.CgroupRoot, path), netDev, "/" + path);
        }

        string? V1(string controller, string probe)
            => Candidates(processPaths.GetValueOrDefault(controller), id, parent).Select(path => Path.Combine(host.CgroupRoot, controller, path))
                .FirstOrDefault(path => File.Exists(Path.Combine(path, probe)));

        return V1("cpuacct", "cpuacct.usage") is { } cpu && V1("memory", "memory.usage_in_bytes") is { } memory
            ? new ContainerCgroup(CgroupVersion.V1, cpu, memory, V1("pids", "cgroup.procs"), V1("blkio", "cgroup.procs"), netDev,
                "/" + Path.GetRelativePath(Path.Combine(host.CgroupRoot, "cpuacct"), cpu).Replace('\\', '/'))
            : null;
    }

    // host: the host's interfaces; container:<id>: another container's, which the engine does not count for this one
    private static bool OwnsNetworkNamespace(string? mode) => mode is null || !(mode == "host" || mode.StartsWith("container:", StringComparison.Ordinal));

    /// <summary>The process's path in each v1 controller (v2: under the key ""), from <c>/proc/&lt;pid&gt;/cgroup</c>.</summary>
    private Dictionary<string, string> ProcessCgroups(int pid)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        string text;
        try
        {
            text = Encoding.ASCII.GetString(KernelFile.Read(Path.Combine(host.ProcRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "cgroup")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return paths;
        }

        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // hierarchy-id:controller,controller:/path
            var parts = line.Split(':', 3);
            if (parts.Length == 3)
            {
                foreach (var controller in parts[1].Split(','))
                {
                    paths[controller] = parts[2];
                }
            }
        }

        return paths;
    }

    /// <summary>
    /// The process's own path when it names the container (a path seen from another cgroup
    /// namespace starts with <c>/..</c> and is no use), then the drivers' conventions.
    /// </summary>
    private static IEnumerable<string> Candidates(string? processPath, string id, string? parent)
    {
        if (processPath is not null && processPath.Contains(id, StringComparison.Ordinal) && !processPath.Contains("/..", StringComparison.Ordinal))
        {
            yield return processPath.TrimStart('/');
        }

        if (parent is not null)
        {
            yield return $"{parent}/{id}";
            yield return $"{parent}/docker-{id}.scope";
        }

        yield return $"docker/{id}";
        yield return $"system.slice/docker-{id}.scope";
    }
}
