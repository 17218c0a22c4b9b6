using TlsExtcap.KeyInject.Commands;

return CliApp.Run(args, Console.Out, Console.Error);
