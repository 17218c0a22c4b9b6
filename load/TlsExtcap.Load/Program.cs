using TlsExtcap.Load;

// tlsextcap-load: a synthetic capture of many TLS 1.3 connections through the extcap's capture path,
// with memory figures. Prints one JSON object (LoadReport). scripts/load runs the full size.
try
{
    var options = LoadOptions.Parse(args);
    Console.WriteLine(options.Rate > 0 ? LatencyRun.Run(options).ToJson() : LoadRun.Run(options).ToJson());
    return 0;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"tlsextcap-load: {ex.Message}");
    return 1;
}
