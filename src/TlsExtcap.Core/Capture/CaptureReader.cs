using System.Buffers.Binary;
using System.IO.Compression;

namespace TlsExtcap.Core.Capture;

/// <summary>
/// Streams packets and decryption secrets out of a pcap or pcapng file, optionally gzip-compressed.
/// The file is never loaded whole; one reusable buffer holds the current record.
/// </summary>
public sealed partial class CaptureReader : IDisposable
{
    private const int MagicLength = 4;
    private const byte GzipId1 = 0x1F;
    private const byte GzipId2 = 0x8B;

    private readonly CaptureInput _input;
    private readonly ICaptureRecordSource _source;

    private CaptureReader(CaptureInput input, ICaptureRecordSource source, CaptureFormat format)
    {
        _input = input;
        _source = source;
        Format = format;
    }

    /// <summary>Container format detected from the magic number.</summary>
    public CaptureFormat Format { get; }

    /// <summary>
    /// Opens a capture file; I/O errors (file not found, access denied) propagate as <see cref="IOException"/> and
    /// friends. A regular file is read (and decompressed) ahead on a thread of its own; a FIFO as it comes.
    /// </summary>
    public static CaptureReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.SequentialScan);
        return Open(stream, path, readAhead: stream.CanSeek);
    }

    /// <summary>
    /// Reads a capture from <paramref name="stream"/> (which need not be seekable and is disposed with the
    /// reader). gzip is detected by its magic 1f 8b and decompressed on the fly, as Wireshark does. With
    /// <paramref name="readAhead"/>, a thread of the reader's own reads the stream ahead of the records asked for
    /// (for files: not for live input, whose frames must not wait for the next read to fill).
    /// </summary>
    public static CaptureReader Open(Stream stream, string displayName, bool readAhead = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(displayName);
        try
        {
            return Detect(stream, displayName, readAhead);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next packet or decryption-secrets block; false at a clean end of file.</summary>
    /// <exception cref="CaptureFormatException">The bytes break the format or the file ends inside a structure.</exception>
    public bool TryRead(out CaptureRecord record) => _source.TryRead(out record);

    /// <summary>True when the capture is read ahead on a thread of its own (a file): <see cref="TryRead"/> never waits long for input.</summary>
    public bool ReadsAhead => _input.ReadsAhead;

    public void Dispose() => _input.Dispose();

    private static CaptureReader Detect(Stream stream, string displayName, bool readAhead)
    {
        Span<byte> magic = stackalloc byte[MagicLength];
        int read = CaptureInput.ReadUntilFull(stream, magic);
        Stream source = stream;

        // RFC 1952 §2.3.1: a gzip member starts with ID1 = 0x1f, ID2 = 0x8b.
        if (read >= 2 && magic[0] == GzipId1 && magic[1] == GzipId2)
        {
            source = new GZipStream(new PrefixedReadStream(magic[..read].ToArray(), stream), CompressionMode.Decompress);
            try
            {
                read = CaptureInput.ReadUntilFull(source, magic);
            }
            catch (InvalidDataException ex)
            {
                source.Dispose();
                throw new CaptureFormatException(CaptureFormatError.BadGzip, "gzip stream", 0, $"{displayName}: corrupt compressed data", ex);
            }
        }

        var input = new CaptureInput(source, magic[..read], displayName, readAhead);
        try
        {
            if (read < MagicLength)
            {
                throw input.Error(CaptureFormatError.Truncated, "capture file header", 0, $"file ends after {read} bytes, before the magic number");
            }

            uint little = BinaryPrimitives.ReadUInt32LittleEndian(magic);
            uint big = BinaryPrimitives.ReadUInt32BigEndian(magic);
            if (little == (uint)PcapngBlockType.SectionHeader)
            {
                return new CaptureReader(input, new PcapngBlockReader(input), CaptureFormat.Pcapng);
            }

            if (IsPcapMagic(little) || IsPcapMagic(big))
            {
                return new CaptureReader(input, new PcapRecordReader(input), CaptureFormat.Pcap);
            }

            throw input.Error(CaptureFormatError.UnknownFormat, "capture file header", 0, $"magic {Convert.ToHexString(magic)} is neither pcap, pcapng nor gzip");
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    private static bool IsPcapMagic(uint value) =>
        value is PcapRecordReader.MicrosecondMagic or PcapRecordReader.NanosecondMagic;
}
