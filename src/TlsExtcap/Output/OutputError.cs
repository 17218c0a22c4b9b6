namespace TlsExtcap.Output;

/// <summary>Why an output (a pcapng file, stream files, the late key log, the FIFO) could not be written.</summary>
internal enum OutputError
{
    /// <summary>ENOSPC, EDQUOT or EFBIG: the disk (or quota) is full.</summary>
    NoSpace,

    /// <summary>The path cannot be created or written: missing folder, a directory, no permission, read-only file system.</summary>
    NotWritable,

    /// <summary>EPIPE: the reader went away (for the FIFO, the normal end of a capture).</summary>
    Closed,

    /// <summary>Any other I/O error.</summary>
    Failed,
}
