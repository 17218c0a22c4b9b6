using System.CommandLine;
using Serilog;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Core.Tls.Session;
using TlsExtcap.Logging;
using TlsExtcap.Output;

namespace TlsExtcap.Commands;

/// <summary>
/// The shared body of the offline commands: load keys, read the capture through the core, then let
/// the command report. Input errors become a one-line message on stderr and exit code 2; what was
/// read before a capture turned out to be damaged is still reported.
/// </summary>
internal sealed class CaptureRun
{
    private readonly ParseResult _parse;
    private readonly TextWriter _stderr;

    public CaptureRun(ParseResult parse, TextWriter stderr, Argument<FileInfo> capture, Option<string[]> keyLog,
        Option<string[]> rsaKey, Option<string[]> psk, Option<string?> logLevel, Option<string?> logFile)
    {
        _parse = parse;
        _stderr = stderr;
        CapturePath = parse.GetValue(capture)!.FullName;
        DisplayPath = parse.GetValue(capture)!.ToString();
        KeyLogs = parse.GetValue(keyLog) ?? [];
        RsaKeys = parse.GetValue(rsaKey) ?? [];
        Psks = parse.GetValue(psk) ?? [];
        Logger = LoggingSetup.Create(parse.GetValue(logLevel), parse.GetValue(logFile));
    }

    public string CapturePath { get; }

    public string DisplayPath { get; }

    public string[] KeyLogs { get; }

    public string[] RsaKeys { get; }

    public string[] Psks { get; }

    public ILogger Logger { get; }

    /// <summary>Loads the keys, then runs <paramref name="body"/>; input errors become exit code 2.</summary>
    public int ExecuteWith(Func<KeyStore, int> body)
    {
        try
        {
            var keys = LoadKeys(out int? failure);
            if (failure is { } code)
            {
                return code;
            }

            if (!File.Exists(CapturePath))
            {
                _stderr.WriteLine($"tlsextcap: {DisplayPath}: no such file");
                return ExitCodes.InvalidInput;
            }

            return body(keys!);
        }
        catch (OutputException ex)
        {
            _stderr.WriteLine($"tlsextcap: {ex.Message}");
            return ExitCodes.OutputFailed;
        }
        catch (CaptureFormatException ex)
        {
            _stderr.WriteLine($"tlsextcap: {DisplayPath}: {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _stderr.WriteLine($"tlsextcap: {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        finally
        {
            (Logger as IDisposable)?.Dispose();
        }
    }

    private KeyStore? LoadKeys(out int? failure)
    {
        failure = null;
        var keys = new KeyStore(Logger);
        var material = new KeyMaterialOptions
        {
            KeyLogFiles = KeyLogs,
            RsaKeyFiles = RsaKeys.Select(KeyMaterialOptions.ParseRsaKeyArgument).ToList(),
            PreSharedKeys = [],
        };
        foreach (string hex in Psks)
        {
            if (!TryParseHex(hex, out byte[] psk))
            {
                _stderr.WriteLine("tlsextcap: --psk must be an even number of hex digits");
                failure = ExitCodes.Usage;
                return null;
            }

            material.PreSharedKeys.Add(psk);
        }

        try
        {
            KeyMaterialLoader.Load(material, keys, Logger);
        }
        catch (KeyFileException ex)
        {
            _stderr.WriteLine($"tlsextcap: {ex.Path}: {ex.Message}");
            failure = ExitCodes.InvalidInput;
            return null;
        }

        return keys;
    }

    /// <summary>Runs the capture through a processor; <paramref name="report"/> writes the result.</summary>
    public int Execute(ITlsEventSink? sink, TlsEngineOptions options, Func<CaptureProcessor, int> report) =>
        Execute(sink, options, report, null);

    /// <summary>
    /// As <see cref="Execute(ITlsEventSink?, TlsEngineOptions, Func{CaptureProcessor, int})"/>, with each record of the
    /// capture handed to <paramref name="perRecord"/> (which must pass it to the processor) instead of the processor itself.
    /// </summary>
    public int Execute(ITlsEventSink? sink, TlsEngineOptions options, Func<CaptureProcessor, int> report,
        Action<CaptureProcessor, CaptureRecord>? perRecord) =>
        Run(keys => new Analysis(new CaptureProcessor(keys, sink, options, Logger), null), analysis => report(analysis.Single!), perRecord);

    /// <summary>
    /// Runs the capture for a report of its connections (no event sink), on <paramref name="workers"/> threads
    /// when more than one (<see cref="ParallelCaptureProcessor"/>: the same connections, numbered alike).
    /// </summary>
    public int ExecuteReport(int workers, TlsEngineOptions options, Func<IReadOnlyList<TlsConnection>, long, int> report) =>
        Run(keys => workers > 1
                ? new Analysis(null, new ParallelCaptureProcessor(keys, workers, options, Logger))
                : new Analysis(new CaptureProcessor(keys, null, options, Logger), null),
            analysis => report(analysis.Connections, analysis.Frames), null);

    private int Run(Func<KeyStore, Analysis> create, Func<Analysis, int> report, Action<CaptureProcessor, CaptureRecord>? perRecord)
    {
        try
        {
            var keys = LoadKeys(out int? failure);
            if (failure is { } failed)
            {
                return failed;
            }

            if (!File.Exists(CapturePath))
            {
                _stderr.WriteLine($"tlsextcap: {DisplayPath}: no such file");
                return ExitCodes.InvalidInput;
            }

            using var processor = create(keys!);
            CaptureFormatException? damage = null;
            try
            {
                using var reader = CaptureReader.Open(CapturePath);
                processor.Process(reader, perRecord);
            }
            catch (CaptureFormatException ex)
            {
                damage = ex;
            }
            catch (OutputException ex)
            {
                // The output failed, not the capture: say which, and how far it got.
                _stderr.WriteLine($"tlsextcap: {ex.Message}");
                return ExitCodes.OutputFailed;
            }
            catch (IOException ex)
            {
                _stderr.WriteLine($"tlsextcap: {DisplayPath}: {ex.Message}");
                return ExitCodes.InvalidInput;
            }
            catch (UnauthorizedAccessException ex)
            {
                _stderr.WriteLine($"tlsextcap: {DisplayPath}: {ex.Message}");
                return ExitCodes.InvalidInput;
            }

            try
            {
                processor.Finish();
            }
            catch (OutputException ex)
            {
                _stderr.WriteLine($"tlsextcap: {ex.Message}");
                return ExitCodes.OutputFailed;
            }

            if (damage is not null && processor.Frames == 0 && damage.Reason == CaptureFormatError.UnknownFormat)
            {
                _stderr.WriteLine($"tlsextcap: {DisplayPath}: {damage.Message}");
                return ExitCodes.InvalidInput;
            }

            int code;
            try
            {
                code = report(processor);
            }
            catch (OutputException ex)
            {
                _stderr.WriteLine($"tlsextcap: {ex.Message}");
                return ExitCodes.OutputFailed;
            }

            if (Output.KeyHints.Explain(processor.Connections, KeyLogs, RsaKeys.Length > 0 || Psks.Length > 0, processor.SecretsFromCapture) is { } hint)
            {
                _stderr.WriteLine($"tlsextcap: {hint}");
            }

            if (damage is not null)
            {
                _stderr.WriteLine($"tlsextcap: {DisplayPath}: {damage.Message} (after {processor.Frames} packets)");
                return ExitCodes.InvalidInput;
            }

            return code;
        }
        finally
        {
            (Logger as IDisposable)?.Dispose();
        }
    }

    /// <summary>The processor of a run: one, or several at once.</summary>
    private sealed class Analysis(CaptureProcessor? single, ParallelCaptureProcessor? parallel) : IDisposable
    {
        public CaptureProcessor? Single => single;

        public long Frames => single?.Frames ?? parallel!.Frames;

        public int SecretsFromCapture => single?.SecretsFromCapture ?? parallel!.SecretsFromCapture;

        public IReadOnlyList<TlsConnection> Connections => single?.Connections ?? parallel!.Connections;

        public void Process(CaptureReader reader, Action<CaptureProcessor, CaptureRecord>? perRecord)
        {
            if (parallel is not null)
            {
                parallel.Process(reader);
            }
            else if (perRecord is null)
            {
                single!.Process(reader);
            }
            else
            {
                while (reader.TryRead(out var record))
                {
                    perRecord(single!, record);
                }
            }
        }

        public void Finish()
        {
            if (parallel is not null)
            {
                parallel.Finish();
            }
            else
            {
                single!.Finish();
            }
        }

        public void Dispose()
        {
            single?.Dispose();
            parallel?.Dispose();
        }
    }

    private static bool TryParseHex(string text, out byte[] bytes)
    {
        bytes = [];
        try
        {
            bytes = Convert.FromHexString(text.Trim());
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
