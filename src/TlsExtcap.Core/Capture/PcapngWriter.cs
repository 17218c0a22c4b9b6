using System.Buffers.Binary;
using System.Text;

namespace TlsExtcap.Core.Capture;

/// <summary>
/// Writes a little-endian pcapng stream: one section (SHB written by the constructor), interfaces (IDB),
/// packets (EPB with optional comments) and decryption secrets (DSB). Each block is assembled in one
/// reusable buffer and handed to the stream with a single write.
/// </summary>
public sealed class PcapngWriter : IDisposable
{
    private const int BlockFramingLength = 12;

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly List<TimestampResolution> _interfaces = new();
    private byte[] _block;
    private int _length;
    private bool _disposed;

    /// <summary>Blocks are gathered in <see cref="_block"/> one after the other instead of written (<see cref="Gathering"/>).</summary>
    private readonly bool _gather;

    /// <summary>Where the block being assembled starts in <see cref="_block"/> (0 unless gathering).</summary>
    private int _blockStart;

    /// <summary>A block is being assembled: one left unfinished by an exception is dropped, not gathered.</summary>
    private bool _inBlock;

    /// <summary>Starts the stream with a Section Header Block naming <paramref name="application"/> in <c>shb_userappl</c>.</summary>
    public PcapngWriter(Stream output, string? application = "TlsExtcap", bool leaveOpen = false)
        : this(output, leaveOpen)
    {

        // pcapng §4.1: byte-order magic, version 1.0, section length -1 (not specified).
        BeginBlock(PcapngBlockType.SectionHeader);
        AppendUInt32(PcapngBlockReader.ByteOrderMagic);
        AppendUInt16(1);
        AppendUInt16(0);
        AppendUInt64(ulong.MaxValue);
        if (application is not null)
        {
            AppendStringOption(PcapngOptionCode.ShbUserApplication, application);
            AppendEndOfOptions();
        }

        EndBlock();
    }

    private PcapngWriter(Stream output, bool leaveOpen, bool gather = false, int capacity = CaptureInput.BufferSize)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _leaveOpen = leaveOpen;
        _gather = gather;
        _block = new byte[capacity];
    }

    /// <summary>
    /// A writer of blocks that continue a section another writer started (as <see cref="Continuing"/>) and that
    /// are gathered in memory, one after the other, until taken with <see cref="TakeGathered"/>: each block is
    /// assembled where it stays (no copy into a stream).
    /// </summary>
    /// <param name="capacity">Bytes gathered before the buffer grows.</param>
    internal static PcapngWriter Gathering(int capacity) => new(Stream.Null, leaveOpen: true, gather: true, capacity);

    /// <summary>Bytes gathered since the last <see cref="TakeGathered"/> (where the next block will start).</summary>
    internal int Gathered => _inBlock ? _blockStart : _length;

    /// <summary>Hands out the gathered blocks (<paramref name="length"/> bytes at the start of the array returned) and goes on in <paramref name="fresh"/>.</summary>
    internal byte[] TakeGathered(byte[] fresh, out int length)
    {
        if (!_gather)
        {
            throw new InvalidOperationException("This writer writes its blocks; it gathers none.");
        }

        byte[] gathered = _block;
        length = Gathered;
        _block = fresh;
        _length = 0;
        _inBlock = false;
        return gathered;
    }

    /// <summary>Interfaces added or declared so far (the next one's id).</summary>
    public int InterfaceCount => _interfaces.Count;

    /// <summary>
    /// A writer of blocks that continue a section another writer started (no Section Header Block): the blocks of
    /// one part of the output, gathered apart and put in place later. Its interfaces are those of the section,
    /// <see cref="DeclareInterface">declared</see> without a block of their own, or added with one.
    /// </summary>
    public static PcapngWriter Continuing(Stream output, bool leaveOpen = true) => new(output, leaveOpen);

    /// <summary>Makes the section's next interface id known to this writer without writing its block (another writer wrote it).</summary>
    internal int DeclareInterface(TimestampResolution resolution)
    {
        ThrowIfDisposed();
        _interfaces.Add(resolution);
        return _interfaces.Count - 1;
    }

    /// <summary>Writes an Interface Description Block and returns the new interface's id (0, 1, …).</summary>
    /// <param name="tsresolPowerOf10">Timestamp unit 10^-n seconds written as <c>if_tsresol</c>; null writes no option (µs).</param>
    public int AddInterface(LinkType linkType, int snapLength = 262144, string? name = null, byte? tsresolPowerOf10 = 9)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)linkType, (uint)ushort.MaxValue, nameof(linkType));
        ArgumentOutOfRangeException.ThrowIfNegative(snapLength);
        TimestampResolution resolution = TimestampResolution.Microseconds;
        if (tsresolPowerOf10 is byte exponent && (exponent > 0x7F || !TimestampResolution.TryFromTsresol(exponent, out resolution)))
        {
            throw new ArgumentOutOfRangeException(nameof(tsresolPowerOf10), tsresolPowerOf10, "if_tsresol power of 10 must be at most 19.");
        }

        // pcapng §4.2: link type u16, reserved u16 = 0, snap length u32, options.
        BeginBlock(PcapngBlockType.InterfaceDescription);
        AppendUInt16((ushort)linkType);
        AppendUInt16(0);
        AppendUInt32((uint)snapLength);
        if (name is not null || tsresolPowerOf10 is not null)
        {
            if (name is not null)
            {
                AppendStringOption(PcapngOptionCode.IfName, name);
            }

            if (tsresolPowerOf10 is byte tsresol)
            {
                AppendOption(PcapngOptionCode.IfTsResol, [tsresol]);
            }

            AppendEndOfOptions();
        }

        EndBlock();
        _interfaces.Add(resolution);
        return _interfaces.Count - 1;
    }

    /// <summary>Writes an Enhanced Packet Block.</summary>
    /// <param name="originalLength">Length on the wire; -1 means <paramref name="data"/>'s length.</param>
    public void WritePacket(int interfaceId, long timestampNanoseconds, ReadOnlySpan<byte> data, int originalLength = -1, IEnumerable<string>? comments = null) =>
        WritePacket(interfaceId, timestampNanoseconds, data, originalLength, null, comments as IReadOnlyList<string> ?? comments?.ToList());

    /// <summary>
    /// Writes an Enhanced Packet Block with up to one comment and a list of more (the extcap's per-frame path:
    /// nothing is allocated, where the enumerable overload allocates an enumerator per frame).
    /// </summary>
    public void WritePacket(int interfaceId, long timestampNanoseconds, ReadOnlySpan<byte> data, int originalLength, string? comment, IReadOnlyList<string>? moreComments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(originalLength, -1);
        data.CopyTo(StartPacket(interfaceId, timestampNanoseconds, data.Length, originalLength < 0 ? data.Length : originalLength));
        int more = moreComments?.Count ?? 0;
        if (comment is not null)
        {
            AppendStringOption(PcapngOptionCode.Comment, comment);
        }

        for (int i = 0; i < more; i++)
        {
            AppendStringOption(PcapngOptionCode.Comment, moreComments![i]);
        }

        if (comment is not null || more > 0)
        {
            AppendEndOfOptions();
        }

        EndBlock();
    }

    /// <summary>
    /// Starts an Enhanced Packet Block whose packet bytes the caller writes in place, into the span returned
    /// (exactly <paramref name="capturedLength"/> bytes, valid until <see cref="EndPacket"/>): no copy of the
    /// packet. Nothing else may be written before <see cref="EndPacket"/>.
    /// </summary>
    public Span<byte> BeginPacket(int interfaceId, long timestampNanoseconds, int capturedLength, int originalLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capturedLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(originalLength, capturedLength);
        return StartPacket(interfaceId, timestampNanoseconds, capturedLength, originalLength);
    }

    /// <summary>Ends the block <see cref="BeginPacket"/> started, with an optional comment.</summary>
    public void EndPacket(string? comment = null)
    {
        if (comment is not null)
        {
            AppendStringOption(PcapngOptionCode.Comment, comment);
            AppendEndOfOptions();
        }

        EndBlock();
    }

    /// <summary>Writes a Decryption Secrets Block (e.g. type 0x544c534b with NSS key log lines).</summary>
    public void WriteDecryptionSecrets(uint secretsType, ReadOnlySpan<byte> data)
    {
        ThrowIfDisposed();

        // pcapng §4.7: secrets type, secrets length (unpadded), secrets data padded to 32 bits.
        BeginBlock(PcapngBlockType.DecryptionSecrets);
        AppendUInt32(secretsType);
        AppendUInt32((uint)data.Length);
        AppendPadded(data);
        try
        {
            EndBlock();
        }
        finally
        {
            // The block buffer is reused for packets: no copy of the secrets stays behind in it (gathered blocks are
            // the output itself: whoever takes them clears them).
            if (!_gather)
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(_block.AsSpan(0, _length));
            }
        }
    }

    public void Flush()
    {
        ThrowIfDisposed();
        _output.Flush();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _output.Flush();
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }

    /// <summary>
    /// pcapng §4.3: the Enhanced Packet Block up to its data — interface id, timestamp high and low, captured
    /// and original length — and the padded room for the data, returned (the padding already zero).
    /// </summary>
    private Span<byte> StartPacket(int interfaceId, long timestampNanoseconds, int capturedLength, int originalLength)
    {
        ThrowIfDisposed();
        if ((uint)interfaceId >= (uint)_interfaces.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(interfaceId), interfaceId, "No interface with this id was added.");
        }

        ulong ticks = _interfaces[interfaceId].FromNanoseconds(timestampNanoseconds);
        BeginBlock(PcapngBlockType.EnhancedPacket);
        AppendUInt32((uint)interfaceId);
        AppendUInt32((uint)(ticks >> 32));
        AppendUInt32((uint)ticks);
        AppendUInt32((uint)capturedLength);
        AppendUInt32((uint)originalLength);
        Span<byte> destination = Reserve((capturedLength + 3) & ~3);
        destination[capturedLength..].Clear();
        return destination[..capturedLength];
    }

    private void BeginBlock(PcapngBlockType type)
    {
        _length = !_gather ? 0 : Gathered;
        _blockStart = _length;
        _inBlock = true;
        AppendUInt32((uint)type);
        AppendUInt32(0); // total length, patched by EndBlock
    }

    private void EndBlock()
    {
        int total = _length - _blockStart + 4;
        if (total > PcapngBlockReader.MaxBlockLength)
        {
            // Not written (a gathering writer drops it).
            throw new ArgumentException($"Block of {total} bytes exceeds the {PcapngBlockReader.MaxBlockLength}-byte limit readers accept.");
        }

        // pcapng §3.1: the total length appears before and after the body.
        BinaryPrimitives.WriteUInt32LittleEndian(_block.AsSpan(_blockStart + 4), (uint)total);
        AppendUInt32((uint)total);
        _inBlock = false;
        if (!_gather)
        {
            _output.Write(_block, 0, _length);
        }
    }

    private void AppendStringOption(PcapngOptionCode code, string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        if (byteCount > ushort.MaxValue)
        {
            throw new ArgumentException($"Option value of {byteCount} UTF-8 bytes exceeds the 65535-byte option limit.", nameof(value));
        }

        AppendUInt16((ushort)code);
        AppendUInt16((ushort)byteCount);
        Span<byte> destination = Reserve((byteCount + 3) & ~3);
        destination.Clear();
        Encoding.UTF8.GetBytes(value, destination);
    }

    private void AppendOption(PcapngOptionCode code, ReadOnlySpan<byte> value)
    {
        AppendUInt16((ushort)code);
        AppendUInt16((ushort)value.Length);
        AppendPadded(value);
    }

    // pcapng §3.5: an option list with at least one option ends with opt_endofopt.
    private void AppendEndOfOptions() => AppendUInt32(0);

    private void AppendPadded(ReadOnlySpan<byte> data)
    {
        Span<byte> destination = Reserve((data.Length + 3) & ~3);
        data.CopyTo(destination);
        destination[data.Length..].Clear();
    }

    private void AppendUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);

    private void AppendUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    private void AppendUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    private Span<byte> Reserve(int count)
    {
        // Room for the trailer is kept so EndBlock never has to grow.
        if (_length + count + 4 > _block.Length)
        {
            Array.Resize(ref _block, Math.Max(_block.Length * 2, _length + count + 4));
        }

        Span<byte> span = _block.AsSpan(_length, count);
        _length += count;
        return span;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
