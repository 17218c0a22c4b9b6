using TlsExtcap.Commands;

return CliApp.Run(args, Console.Out, Console.Error);
