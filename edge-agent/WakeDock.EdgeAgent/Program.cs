using WakeDock.EdgeAgent.Cli;
using WakeDock.EdgeAgent.Hosting;
using WakeDock.EdgeAgent.HttpServer;
using WakeDock.ServiceDefaults.Health;

namespace WakeDock.EdgeAgent;

// A named entry point rather than top-level statements: the functions host references this assembly
// for embedded mode, and a second public Program would make WebApplicationFactory<Program> ambiguous.
internal static class AgentProgram
{
    public static async Task<int> Main(string[] args)
        => args.Contains(OnceCommand.Flag) ? await OnceCommand.RunAsync(args, Console.Out, Console.Error)
            : args.Contains(HealthCheckCommand.Flag) ? await HealthCheckCommand.RunAsync(args, Console.Error, AgentHttpServer.DefaultUrls)
            : await StandaloneAgent.RunAsync(args);
}
