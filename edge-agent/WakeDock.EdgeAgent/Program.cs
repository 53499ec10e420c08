using WakeDock.EdgeAgent.Cli;
using WakeDock.EdgeAgent.Hosting;

return args.Contains(OnceCommand.Flag)
    ? await OnceCommand.RunAsync(args, Console.Out, Console.Error)
    : await StandaloneAgent.RunAsync(args);
