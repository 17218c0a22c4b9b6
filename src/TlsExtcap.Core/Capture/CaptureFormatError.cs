namespace TlsExtcap.Core.Capture;

/// <summary>Why a capture file could not be read.</summary>
public enum CaptureFormatError
{
    /// <summary>The leading bytes are neither pcap, pcapng nor gzip.</summary>
    UnknownFormat,

    /// <summary>The file ends inside a header, a block or a packet record.</summary>
    Truncated,

    /// <summary>A magic number (pcapng byte-order magic) has an unexpected value.</summary>
    BadMagic,

    /// <summary>The file or section declares a major version this reader does not know.</summary>
    UnsupportedVersion,

    /// <summary>A block or packet record is larger than the reader accepts.</summary>
    BlockTooLarge,

    /// <summary>A block length is below the minimum, not a multiple of 4, disagrees with its trailer, or is too short for its fixed fields.</summary>
    BadBlockLength,

    /// <summary>A packet refers to an interface that no IDB of the section has described.</summary>
    UnknownInterface,

    /// <summary>An option overruns its block or has an invalid length or value.</summary>
    BadOption,

    /// <summary>The gzip container is corrupt.</summary>
    BadGzip,

    /// <summary>A packet's captured length exceeds the snapshot length of its file or interface.</summary>
    SnapLengthExceeded,

    /// <summary>A block that needs a section (or an interface) appears before its Section Header Block.</summary>
    MissingSectionHeader,
}
