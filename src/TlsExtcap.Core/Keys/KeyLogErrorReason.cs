namespace TlsExtcap.Core.Keys;

/// <summary>Why a line of a key log was rejected.</summary>
public enum KeyLogErrorReason
{
    /// <summary>The first field is not a label this tool knows.</summary>
    UnknownLabel,

    /// <summary>The line has fewer than three fields.</summary>
    MissingField,

    /// <summary>The line has more than three fields.</summary>
    ExtraField,

    /// <summary>The identifier or the secret is not an even number of hexadecimal digits.</summary>
    BadHex,

    /// <summary>The identifier is not 32 bytes (8 bytes for <c>RSA</c>).</summary>
    BadIdentifierLength,

    /// <summary>The secret has a length the label does not allow.</summary>
    BadSecretLength,

    /// <summary>The line is longer than <see cref="KeyLogParser.MaxLineLength"/> bytes.</summary>
    LineTooLong,

    /// <summary>The line holds NUL, control or non-ASCII bytes: the input is not a text key log.</summary>
    BinaryData,
}
