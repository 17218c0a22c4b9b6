namespace TlsExtcap.Output;

/// <summary>Why packet comments are not valid annotation comments (carrier format v1, wireshark/README.md).</summary>
public enum AnnotationCommentError
{
    /// <summary>The first line is not <c>TlsExtcap-annotations &lt;version&gt; &lt;part&gt;/&lt;parts&gt;</c>.</summary>
    MalformedHeader,

    /// <summary>A format version other than 1.</summary>
    UnsupportedVersion,

    /// <summary>A part number of 0 or above the number of parts.</summary>
    PartOutOfRange,

    /// <summary>Two parts disagree on the number of parts.</summary>
    PartCountMismatch,

    DuplicatePart,

    MissingPart,

    /// <summary>A body line that is neither an <c>S</c> nor an <c>N</c> line (an empty line included).</summary>
    UnknownLine,

    /// <summary>A line with the wrong number of TAB-separated fields.</summary>
    FieldCount,

    /// <summary>A depth, index, offset or length that is not a decimal number.</summary>
    BadNumber,

    /// <summary>A backslash followed by something other than <c>\</c>, <c>t</c>, <c>n</c> or <c>r</c>.</summary>
    BadEscape,

    /// <summary>A data source kind other than <c>reassembled</c> or <c>decrypted</c>.</summary>
    UnknownKind,

    /// <summary>A severity other than <c>none</c>, <c>verified</c>, <c>warning</c> or <c>error</c>.</summary>
    UnknownSeverity,

    /// <summary>A source's bytes that are not lowercase hex of whole bytes.</summary>
    BadHex,

    /// <summary>A source index out of sequence (they are 1, 2, … in order).</summary>
    SourceIndex,

    /// <summary>A node pointing to a source that no earlier <c>S</c> line defined.</summary>
    UnknownSource,

    /// <summary>A node more than one level deeper than the node before it (or a first node not at depth 0).</summary>
    DepthJump,

    /// <summary>A node's bytes beyond the end of its source (when the source's length is known).</summary>
    RangeOutsideSource,
}
