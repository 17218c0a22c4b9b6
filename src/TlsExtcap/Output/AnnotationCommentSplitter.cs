using System.Text;

namespace TlsExtcap.Output;

/// <summary>
/// Cuts an annotation body into comments of at most <see cref="AnnotationCarrier.MaxCommentBytes"/> UTF-8 bytes, each
/// with its part header: on line boundaries where it can, inside an overlong line where it must.
/// </summary>
internal static class AnnotationCommentSplitter
{
    /// <summary>Total UTF-8 bytes of the comments <see cref="Split"/> would return.</summary>
    public static long Measure(IReadOnlyList<string> lines) => Run(lines, null);

    public static List<string> Split(IReadOnlyList<string> lines)
    {
        var chunks = new List<StringBuilder>();
        Run(lines, chunks);
        var comments = new List<string>(chunks.Count);
        for (int i = 0; i < chunks.Count; i++)
        {
            comments.Add(AnnotationCarrier.PartHeader(i + 1, chunks.Count) + chunks[i]);
        }

        return comments;
    }

    private static long Run(IReadOnlyList<string> lines, List<StringBuilder>? chunks)
    {
        // The header's size depends on the number of parts: assume it has `digits` digits, and retry
        // with one more when it turns out to have more.
        for (int digits = 1; ; digits++)
        {
            int widest = (int)Math.Pow(10, digits) - 1;
            int capacity = AnnotationCarrier.MaxCommentBytes - AnnotationCarrier.PartHeader(widest, widest).Length;
            chunks?.Clear();
            var (parts, content) = Chunk(lines, capacity, chunks);
            if (parts <= widest)
            {
                long headers = 0;
                for (int part = 1; part <= parts; part++)
                {
                    headers += AnnotationCarrier.PartHeader(part, parts).Length;
                }

                return headers + content;
            }
        }
    }

    private static (int Parts, long Content) Chunk(IReadOnlyList<string> lines, int capacity, List<StringBuilder>? chunks)
    {
        int parts = 1;
        int used = 0;
        long content = 0;
        chunks?.Add(new StringBuilder());
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            bool separator = i < lines.Count - 1;
            int bytes = AnnotationCarrier.Utf8.GetByteCount(line) + (separator ? 1 : 0);
            content += bytes;
            if (used + bytes <= capacity)
            {
                used += bytes;
                Append(chunks, line, separator);
                continue;
            }

            if (bytes <= capacity)
            {
                parts++;
                chunks?.Add(new StringBuilder());
                used = bytes;
                Append(chunks, line, separator);
                continue;
            }

            // An overlong line: fill the current part, then as many as it takes, never splitting a
            // character (a surrogate pair counts as one).
            int start = 0;
            int position = 0;
            while (position < line.Length)
            {
                int width = char.IsHighSurrogate(line[position]) && position + 1 < line.Length && char.IsLowSurrogate(line[position + 1]) ? 2 : 1;
                int size = AnnotationCarrier.Utf8.GetByteCount(line.AsSpan(position, width));
                if (used + size > capacity)
                {
                    chunks?[^1].Append(line, start, position - start);
                    chunks?.Add(new StringBuilder());
                    parts++;
                    used = 0;
                    start = position;
                }

                used += size;
                position += width;
            }

            chunks?[^1].Append(line, start, line.Length - start);
            if (separator)
            {
                if (used + 1 > capacity)
                {
                    chunks?.Add(new StringBuilder());
                    parts++;
                    used = 0;
                }

                chunks?[^1].Append('\n');
                used++;
            }
        }

        return (parts, content);
    }

    private static void Append(List<StringBuilder>? chunks, string line, bool separator)
    {
        if (chunks is null)
        {
            return;
        }

        chunks[^1].Append(line);
        if (separator)
        {
            chunks[^1].Append('\n');
        }
    }
}
