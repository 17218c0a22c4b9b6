namespace TlsExtcap.Output;

/// <summary>
/// Thrown by <see cref="AnnotationCommentDecoder"/> for comments that break the carrier format.
/// <see cref="Reason"/> says what is wrong; <see cref="Line"/> is the 1-based body line, when a line is at fault.
/// </summary>
public sealed class AnnotationCommentException : Exception
{
    public AnnotationCommentException(AnnotationCommentError reason, int? line, string detail)
        : base(line is int number ? $"annotation body line {number}: {detail} ({reason})." : $"annotation comments: {detail} ({reason}).")
    {
        Reason = reason;
        Line = line;
    }

    public AnnotationCommentError Reason { get; }

    public int? Line { get; }
}
