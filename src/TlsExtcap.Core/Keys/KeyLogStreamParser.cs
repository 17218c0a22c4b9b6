using System.Security.Cryptography;

namespace TlsExtcap.Core.Keys;

/// <summary>
/// Parses a key log that arrives in pieces (a FIFO, a pipe): <see cref="Append"/> takes any chunk and
/// parses the lines it completes; a line split across chunks waits for its end. Line numbers count from
/// the start of the stream. A partial line longer than <see cref="KeyLogParser.MaxLineLength"/> is
/// reported once as <see cref="KeyLogErrorReason.LineTooLong"/> and skipped up to its newline, so a
/// writer cannot make the parser hold more than one line. Held bytes are zeroed once parsed.
/// </summary>
internal sealed class KeyLogStreamParser
{
    // The longest line plus the CR of a CRLF ending.
    private readonly byte[] _partial = new byte[KeyLogParser.MaxLineLength + 1];
    private readonly string _source;
    private int _partialLength;
    private bool _skipping;
    private int _lines;

    public KeyLogStreamParser(string sourceName)
    {
        _source = sourceName;
    }

    /// <summary>Lines completed so far (parsed, skipped or rejected).</summary>
    public int Lines => _lines;

    /// <summary>True while bytes of an unfinished line are held.</summary>
    public bool HasPartialLine => _partialLength > 0 || _skipping;

    /// <summary>Parses the lines <paramref name="chunk"/> completes.</summary>
    public KeyLogParseResult Append(ReadOnlySpan<byte> chunk)
    {
        var entries = new List<KeyLogEntry>();
        var errors = new List<KeyLogError>();
        while (!chunk.IsEmpty)
        {
            int newline = chunk.IndexOf((byte)'\n');
            if (_skipping || _partialLength > 0 || newline < 0)
            {
                // Finish (or extend) the held line with the bytes up to the next newline.
                ReadOnlySpan<byte> piece = newline < 0 ? chunk : chunk[..newline];
                chunk = newline < 0 ? default : chunk[(newline + 1)..];
                Hold(piece, newline >= 0, entries, errors);
                continue;
            }

            // Whole lines straight from the chunk, in one parse.
            int last = chunk.LastIndexOf((byte)'\n');
            ParseLines(chunk[..(last + 1)], entries, errors);
            chunk = chunk[(last + 1)..];
        }

        return new KeyLogParseResult(entries, errors);
    }

    /// <summary>Parses a held last line that has no newline (the writer closed its end).</summary>
    public KeyLogParseResult Finish()
    {
        var entries = new List<KeyLogEntry>();
        var errors = new List<KeyLogError>();
        if (HasPartialLine)
        {
            Hold([], complete: true, entries, errors);
        }

        return new KeyLogParseResult(entries, errors);
    }

    private void Hold(ReadOnlySpan<byte> piece, bool complete, List<KeyLogEntry> entries, List<KeyLogError> errors)
    {
        if (!_skipping && _partialLength + piece.Length > _partial.Length)
        {
            errors.Add(new KeyLogError(_lines + 1, KeyLogErrorReason.LineTooLong, _source));
            ClearPartial();
            _skipping = true;
        }

        if (_skipping)
        {
            if (complete)
            {
                _skipping = false;
                _lines++;
            }

            return;
        }

        piece.CopyTo(_partial.AsSpan(_partialLength));
        _partialLength += piece.Length;
        if (complete)
        {
            ParseLines(_partial.AsSpan(0, _partialLength), entries, errors, countAsOneLine: true);
            ClearPartial();
        }
    }

    private void ParseLines(ReadOnlySpan<byte> lines, List<KeyLogEntry> entries, List<KeyLogError> errors, bool countAsOneLine = false)
    {
        var parsed = KeyLogParser.Parse(lines, _source);
        entries.AddRange(parsed.Entries);
        foreach (var error in parsed.Errors)
        {
            errors.Add(error with { LineNumber = _lines + error.LineNumber });
        }

        _lines += countAsOneLine ? 1 : lines.Count((byte)'\n');
    }

    private void ClearPartial()
    {
        CryptographicOperations.ZeroMemory(_partial.AsSpan(0, _partialLength));
        _partialLength = 0;
    }
}
