using TlsExtcap.Core.Tls.Handshake;
using TlsExtcap.Core.Tls.Records;
using TlsExtcap.Core.Tls.Wire;

namespace TlsExtcap.Core.Tls.Session;

public sealed partial class TlsConnection
{
    /// <summary>Pending bytes kept per direction: one record of the largest size, or an SSLv2 hello.</summary>
    private const int PendingCapacity = 40 * 1024;

    /// <summary>Bytes scanned for a first record header before a direction is declared not TLS.</summary>
    private const int MaxBytesBeforeFirstRecord = 64 * 1024;

    private long _skippedBeforeStart;

    /// <summary>True when no TLS record was found in the first bytes: the flow is not TLS.</summary>
    public bool GaveUp { get; private set; }

    /// <summary>In-order bytes of one direction of a TCP connection.</summary>
    public void OnStreamData(Direction direction, ReadOnlySpan<byte> data, long frame)
    {
        LastFrame = frame;
        var s = State(direction);
        if (s.PendingLength == 0)
        {
            int consumed = Frame(s, data, frame);
            Keep(s, data[consumed..]);
            return;
        }

        while (!data.IsEmpty)
        {
            if (s.PendingLength == 0)
            {
                // The held record completed: frame the rest in place, without copying it.
                int direct = Frame(s, data, frame);
                Keep(s, data[direct..]);
                return;
            }

            int take = Math.Min(Math.Min(data.Length, PendingCapacity - s.PendingLength), BytesToCompleteRecord(s));
            Keep(s, data[..take]);
            data = data[take..];
            int consumed = Frame(s, s.Pending.AsSpan(0, s.PendingLength), frame);
            if (consumed > 0)
            {
                s.Pending.AsSpan(consumed, s.PendingLength - consumed).CopyTo(s.Pending);
                s.PendingLength -= consumed;
            }
            else if (s.PendingLength == PendingCapacity)
            {
                // Cannot happen for valid framing (a record fits); resynchronise rather than stall.
                s.PendingLength = 0;
                s.Resynchronising = true;
            }
        }
    }

    /// <summary>
    /// How many more bytes the held partial record needs: only those are copied, so that the records
    /// after it are framed in place (a slice of the frame, which the annotations map back to it). While
    /// searching for a record boundary, or before the first record, everything is taken.
    /// </summary>
    private static int BytesToCompleteRecord(DirectionState s)
    {
        if (!s.Started || s.Resynchronising)
        {
            return int.MaxValue;
        }

        if (s.PendingLength < TlsRecordHeader.Size)
        {
            return TlsRecordHeader.Size - s.PendingLength;
        }

        if (!TlsRecordHeader.IsPlausible(s.Pending.AsSpan(0, s.PendingLength), out var header))
        {
            return int.MaxValue;
        }

        int missing = TlsRecordHeader.Size + header.Length - s.PendingLength;
        return missing > 0 ? missing : int.MaxValue;
    }

    /// <summary>Bytes of one direction were lost (a TCP segment never captured).</summary>
    public void OnStreamGap(Direction direction, long missingBytes, long frame)
    {
        var s = State(direction);
        // The partial record before the gap can never complete: drop it and find the next record boundary.
        s.PendingLength = 0;
        s.Resynchronising = true;
        s.Handshake.Reset();
        // RFC 8446 §5.3 / RFC 5246 §6.1: each lost record consumed one sequence number; try a few.
        int lostRecords = missingBytes < 0 ? _options.MaxTrialWindow : (int)Math.Min(_options.MaxTrialWindow, 1 + (missingBytes / 22));
        s.TrialWindow = Math.Min(_options.MaxTrialWindow, s.TrialWindow + Math.Max(8, lostRecords));
    }

    private static void Keep(DirectionState s, ReadOnlySpan<byte> rest)
    {
        if (rest.IsEmpty)
        {
            return;
        }

        if (s.PendingLength + rest.Length > s.Pending.Length)
        {
            Array.Resize(ref s.Pending, Math.Min(PendingCapacity, Math.Max(s.PendingLength + rest.Length, s.Pending.Length * 2)));
        }

        rest.CopyTo(s.Pending.AsSpan(s.PendingLength));
        s.PendingLength += rest.Length;
    }

    /// <summary>Frames as many whole records as <paramref name="data"/> holds; returns bytes consumed.</summary>
    private int Frame(DirectionState s, ReadOnlySpan<byte> data, long frame)
    {
        int offset = 0;
        while (offset < data.Length)
        {
            var rest = data[offset..];
            if (!s.Started)
            {
                if (rest.Length < TlsRecordHeader.Size)
                {
                    break;
                }

                if (IsSsl2ClientHello(rest, out int ssl2Length))
                {
                    if (rest.Length < 2 + ssl2Length)
                    {
                        break;
                    }

                    s.Started = true;
                    IsTls = true;
                    OnSsl2ClientHello(s, rest[..(2 + ssl2Length)], frame);
                    offset += 2 + ssl2Length;
                    continue;
                }

                s.Started = true;
                if (!TlsRecordHeader.IsPlausible(rest, out _))
                {
                    // The capture began inside a record: look for the next record boundary.
                    s.Resynchronising = true;
                }
            }

            if (s.Resynchronising)
            {
                int found = FindRecordBoundary(rest);
                if (found < 0)
                {
                    // Keep the last few bytes: a header may straddle the next segment.
                    int skip = Math.Max(0, rest.Length - (2 * TlsRecordHeader.Size));
                    if (!IsTls)
                    {
                        _skippedBeforeStart += skip;
                        GaveUp = _skippedBeforeStart > MaxBytesBeforeFirstRecord;
                    }

                    offset += skip;
                    break;
                }

                offset += found;
                s.Resynchronising = false;
                continue;
            }

            if (!TlsRecordHeader.IsPlausible(rest, out var header))
            {
                if (rest.Length < TlsRecordHeader.Size)
                {
                    break;
                }

                // RFC 8446 §5.1: not a record header where one must be — the stream is out of step.
                s.Resynchronising = true;
                offset++;
                continue;
            }

            if (rest.Length < TlsRecordHeader.Size + header.Length)
            {
                break;
            }

            IsTls = true;
            OnRecord(s, header.Type, header.Version, rest[..(TlsRecordHeader.Size + header.Length)], frame);
            offset += TlsRecordHeader.Size + header.Length;
        }

        return offset;
    }

    /// <summary>
    /// Finds the next plausible record header: a valid header whose successor (when in view) is also
    /// valid. Returns -1 when none is in <paramref name="data"/>.
    /// </summary>
    private int FindRecordBoundary(ReadOnlySpan<byte> data)
    {
        ushort expectedVersion = _c2s.Started || _s2c.Started ? RecordVersionHint() : (ushort)0;
        for (int i = 0; i + TlsRecordHeader.Size <= data.Length; i++)
        {
            if (!TlsRecordHeader.IsPlausible(data[i..], out var header))
            {
                continue;
            }

            if (expectedVersion != 0 && header.Version != expectedVersion && header.Type == ContentType.ApplicationData)
            {
                continue;
            }

            int next = i + TlsRecordHeader.Size + header.Length;
            if (next + TlsRecordHeader.Size <= data.Length)
            {
                if (!TlsRecordHeader.IsPlausible(data[next..], out _))
                {
                    continue;
                }
            }
            else if (data.Length - i < TlsRecordHeader.Size + header.Length)
            {
                // Header found but its record is not all here yet: accept it only if it is at the end
                // of what we have (otherwise it would be confirmed or refuted by the next header).
                return i;
            }

            return i;
        }

        return -1;
    }

    private ushort RecordVersionHint()
    {
        if (_tls13)
        {
            return (ushort)TlsVersion.Tls12;
        }

        return _version is 0 ? (ushort)0 : _version;
    }

    /// <summary>RFC 5246 Appendix E.2: a 2-byte-header SSLv2 record holding CLIENT-HELLO (msg_type 1).</summary>
    private static bool IsSsl2ClientHello(ReadOnlySpan<byte> data, out int length)
    {
        length = 0;
        if (data.Length < 5 || (data[0] & 0x80) == 0 || data[2] != 1)
        {
            return false;
        }

        length = ((data[0] & 0x7f) << 8) | data[1];
        // The version after msg_type is SSL 2 (0x0002) or SSL 3 / TLS (0x03xx).
        return length >= 9 && (data[3] == 3 || (data[3] == 0 && data[4] == 2));
    }

    /// <summary>One DTLS datagram: one or more records (RFC 6347 §4.1).</summary>
    public void OnDatagram(Direction direction, ReadOnlySpan<byte> payload, long frame)
    {
        LastFrame = frame;
        var s = State(direction);
        while (payload.Length >= DtlsRecordHeader.Size)
        {
            if (!DtlsRecordHeader.TryRead(payload, out var header) || payload.Length < DtlsRecordHeader.Size + header.Length)
            {
                break;
            }

            IsTls = true;
            s.Started = true;
            OnDtlsRecord(s, header, payload[..(DtlsRecordHeader.Size + header.Length)], frame);
            payload = payload[(DtlsRecordHeader.Size + header.Length)..];
        }
    }

    private void OnSsl2ClientHello(DirectionState s, ReadOnlySpan<byte> wire, long frame)
    {
        var message = wire[2..];
        s.Stats.Records++;
        s.Stats.PlaintextRecords++;
        s.RecordNumber++;
        _sink.OnRecordView(this, s.Direction, new RecordView(s.RecordNumber, frame, wire, 2, ContentType.Handshake, (ushort)((wire[3] << 8) | wire[4])));
        try
        {
            var hello = ClientHelloInfo.ParseSsl2(message);
            BeginHandshake(hello, message);
            _sink.OnHandshakeMessage(this, s.Direction, HandshakeType.ClientHello, message, frame);
        }
        catch (TlsDecodeException ex)
        {
            ReportHandshakeError(s.Direction, ex);
        }

        _sink.OnRecord(this, s.Direction, new RecordEvent(s.RecordNumber, ContentType.Handshake, ContentType.Handshake, message.Length, false, false, frame));
    }
}
