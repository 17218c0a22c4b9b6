using TlsExtcap.Commands;
using TlsExtcap.Extcap;

return ExtcapArguments.IsExtcapCall(args)
    ? ExtcapRunner.Run(args, Console.Out, Console.Error)
    : CliApp.Run(args, Console.Out, Console.Error);
