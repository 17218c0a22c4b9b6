using System.Buffers.Binary;
using System.Text;

namespace TlsExtcap.Extcap;

/// <summary>
/// Cuts one direction's decrypted bytes into whole application messages for exported PDUs, which
/// Wireshark dissects one by one without TCP reassembly (notes §5.3): HTTP/2 frames (RFC 9113 §4.1,
/// after the client preface), HTTP/1.x messages (RFC 9112 §6: headers, then Content-Length or chunked
/// body; a response without a length runs to the end), or, for other protocols, each record as it came.
/// </summary>
internal sealed class ApplicationMessageFramer(string protocol)
{
    /// <summary>A message larger than this is emitted in pieces (the pipe's 256 KiB block limit).</summary>
    public const int MaxMessage = 200 * 1024;

    private static readonly byte[] Preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    private byte[] _buffer = new byte[4096];
    private int _length;

    public string Protocol { get; } = protocol;

    /// <summary>Adds bytes; returns the complete messages now available.</summary>
    public List<byte[]> Add(ReadOnlySpan<byte> data)
    {
        if (Protocol is not ("http" or "http2"))
        {
            return [data.ToArray()];
        }

        if (_length + data.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_length + data.Length, _buffer.Length * 2));
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
        var messages = new List<byte[]>();
        while (true)
        {
            int size = Protocol == "http2" ? NextHttp2(_buffer.AsSpan(0, _length)) : NextHttp1(_buffer.AsSpan(0, _length));
            if (size <= 0)
            {
                if (_length >= MaxMessage)
                {
                    size = _length;
                }
                else
                {
                    break;
                }
            }

            messages.Add(_buffer.AsSpan(0, size).ToArray());
            _buffer.AsSpan(size, _length - size).CopyTo(_buffer);
            _length -= size;
        }

        return messages;
    }

    /// <summary>What is left at the end of the connection.</summary>
    public byte[]? Rest()
    {
        if (_length == 0)
        {
            return null;
        }

        byte[] rest = _buffer.AsSpan(0, _length).ToArray();
        _length = 0;
        return rest;
    }

    /// <summary>Bytes of the complete HTTP/2 frames (and preface) at the start, 0 when none is complete.</summary>
    private static int NextHttp2(ReadOnlySpan<byte> data)
    {
        int offset = 0;
        if (data.StartsWith(Preface))
        {
            offset = Preface.Length;
        }
        else if (data.Length < Preface.Length && Preface.AsSpan().StartsWith(data))
        {
            return 0;
        }

        // RFC 9113 §4.1: 24-bit length, type, flags, stream id, payload.
        while (data.Length - offset >= 9)
        {
            int length = (data[offset] << 16) | (data[offset + 1] << 8) | data[offset + 2];
            if (data.Length - offset < 9 + length || offset + 9 + length > MaxMessage)
            {
                break;
            }

            offset += 9 + length;
        }

        return offset;
    }

    /// <summary>Bytes of one complete HTTP/1.x message at the start, 0 when it is not complete yet.</summary>
    private static int NextHttp1(ReadOnlySpan<byte> data)
    {
        int end = data.IndexOf(HeaderEnd);
        if (end < 0)
        {
            return 0;
        }

        int bodyStart = end + HeaderEnd.Length;
        string headers = Encoding.ASCII.GetString(data[..end]);
        bool response = headers.StartsWith("HTTP/", StringComparison.Ordinal);
        long? contentLength = null;
        bool chunked = false;
        foreach (string line in headers.Split("\r\n"))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            string name = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && long.TryParse(value, out long parsed))
            {
                contentLength = parsed;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                chunked = true;
            }
        }

        if (chunked)
        {
            // RFC 9112 §7.1: the last chunk is "0" CRLF, then trailers and an empty line.
            int last = data[bodyStart..].IndexOf("\r\n0\r\n\r\n"u8);
            if (data[bodyStart..].StartsWith("0\r\n\r\n"u8))
            {
                return bodyStart + 5;
            }

            return last < 0 ? 0 : bodyStart + last + 7;
        }

        if (contentLength is { } length)
        {
            return data.Length - bodyStart >= length ? bodyStart + (int)length : 0;
        }

        // No length: a request has no body (RFC 9112 §6.3); a response runs to the connection's end.
        return response ? 0 : bodyStart;
    }
}
