using System.CommandLine;
using Serilog;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.KeyInject.Logging;

namespace TlsExtcap.KeyInject.Commands;

/// <summary>
/// The shared frame of every command: one logger per run, and every input failure turned into one line
/// on stderr that names the file, with exit code 2.
/// </summary>
internal static class CommandGuard
{
    public static int Run(ParseResult parse, TextWriter stderr, Func<ILogger, int> body)
    {
        var logger = LoggingSetup.Create(parse.GetValue(CliApp.LogLevel), parse.GetValue(CliApp.LogFile));
        try
        {
            return body(logger);
        }
        catch (InputException ex)
        {
            return Fail(stderr, ex.Message);
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"tlsinject: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (CaptureFormatException ex)
        {
            // The reader puts the capture's name first in the message.
            return Fail(stderr, ex.Message);
        }
        catch (KeyFileException ex)
        {
            return Fail(stderr, $"{ex.Path}: {ex.Message}");
        }
        catch (FileNotFoundException ex)
        {
            return Fail(stderr, $"{ex.FileName}: no such file");
        }
        catch (DirectoryNotFoundException ex)
        {
            return Fail(stderr, ex.Message);
        }
        catch (IOException ex)
        {
            return Fail(stderr, ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            return Fail(stderr, ex.Message);
        }
        finally
        {
            (logger as IDisposable)?.Dispose();
        }
    }

    /// <summary>Fails with exit code 2 unless <paramref name="path"/> is an existing file.</summary>
    public static void RequireFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(path, "no such file");
        }
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"tlsinject: {message}");
        return ExitCodes.InvalidInput;
    }
}
