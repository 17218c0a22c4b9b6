using TlsExtcap.Commands;
using TlsExtcap.Extcap;

if (ManagedHost.Needed(args))
{
    // A native build cannot load .NET plugins: the managed build installed next to it runs the command.
    return ManagedHost.Run(args, Console.Error);
}

return ExtcapArguments.IsExtcapCall(args)
    ? ExtcapRunner.Run(args, Console.Out, Console.Error)
    : CliApp.Run(args, Console.Out, Console.Error);
