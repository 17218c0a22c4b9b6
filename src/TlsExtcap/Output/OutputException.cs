namespace TlsExtcap.Output;

/// <summary>
/// Writing an output failed. Raised where the output is written, so that the commands can tell it
/// from a damaged input: it names the output, the reason, and how much had been written before.
/// </summary>
internal sealed class OutputException : IOException
{
    private const int Enospc = 28;
    private const int Efbig = 27;
    private const int Erofs = 30;
    private const int Epipe = 32;
    private const int Edquot = 122;

    public OutputException(string target, Exception inner, string written)
        : base($"{target}: cannot write: {Describe(Classify(inner), inner)} ({written} before the error; the output is incomplete)", inner)
    {
        Target = target;
        Reason = Classify(inner);
        Written = written;
        HResult = inner.HResult;
    }

    public string Target { get; }

    public OutputError Reason { get; }

    /// <summary>What had been written, in words ("12 frames", "3 stream files").</summary>
    public string Written { get; }

    /// <summary>The same failure named after the output the caller knows (the session only knows "the output").</summary>
    public OutputException For(string target, string written) => new(target, InnerException ?? this, written);

    public static OutputError Classify(Exception ex) => ex switch
    {
        OutputException output => output.Reason,
        DirectoryNotFoundException or UnauthorizedAccessException or PathTooLongException => OutputError.NotWritable,
        IOException { HResult: Enospc or Edquot or Efbig } => OutputError.NoSpace,
        IOException { HResult: Erofs } => OutputError.NotWritable,
        IOException { HResult: Epipe } => OutputError.Closed,
        _ => OutputError.Failed,
    };

    private static string Describe(OutputError reason, Exception inner) => reason switch
    {
        OutputError.NoSpace => "no space left on the device",
        OutputError.NotWritable => "the path cannot be written (missing folder, a directory, or no permission)",
        OutputError.Closed => "the reader closed the pipe",
        _ => inner.Message,
    };
}
