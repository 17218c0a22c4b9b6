using System.Buffers.Binary;

namespace TlsExtcap.Core.Capture;

/// <summary>
/// Writes a classic pcap stream (draft-ietf-opsawg-pcap) in either byte order with microsecond or
/// nanosecond timestamps; the file header is written by the constructor.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    private readonly Stream _output;
    private readonly bool _nanosecond;
    private readonly bool _bigEndian;
    private readonly bool _leaveOpen;
    private readonly byte[] _header = new byte[PcapRecordReader.FileHeaderLength];
    private bool _disposed;

    public PcapWriter(Stream output, LinkType linkType, bool nanosecond = false, bool bigEndian = false, int snapLength = 262144, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(snapLength);
        _output = output;
        _nanosecond = nanosecond;
        _bigEndian = bigEndian;
        _leaveOpen = leaveOpen;

        // pcap §4: magic, version 2.4, two reserved words, snap length, link type.
        Span<byte> header = _header;
        WriteUInt32(header, nanosecond ? PcapRecordReader.NanosecondMagic : PcapRecordReader.MicrosecondMagic);
        WriteUInt16(header[4..], 2);
        WriteUInt16(header[6..], 4);
        WriteUInt32(header[8..], 0);
        WriteUInt32(header[12..], 0);
        WriteUInt32(header[16..], (uint)snapLength);
        WriteUInt32(header[20..], (uint)linkType);
        _output.Write(header);
    }

    /// <summary>Writes one packet record; <paramref name="originalLength"/> -1 means the data length.</summary>
    public void WritePacket(long timestampNanoseconds, ReadOnlySpan<byte> data, int originalLength = -1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(timestampNanoseconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(originalLength, -1);
        long seconds = timestampNanoseconds / 1_000_000_000L;
        long fraction = timestampNanoseconds % 1_000_000_000L;
        Span<byte> header = _header.AsSpan(0, PcapRecordReader.RecordHeaderLength);
        WriteUInt32(header, (uint)seconds);
        WriteUInt32(header[4..], (uint)(_nanosecond ? fraction : fraction / 1000));
        WriteUInt32(header[8..], (uint)data.Length);
        WriteUInt32(header[12..], (uint)(originalLength < 0 ? data.Length : originalLength));
        _output.Write(header);
        _output.Write(data);
    }

    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
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

    private void WriteUInt16(Span<byte> destination, ushort value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination, value);
        }
    }

    private void WriteUInt32(Span<byte> destination, uint value)
    {
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
        }
    }
}
