using System.Buffers;
using System.Security.Cryptography;
using TlsExtcap.Core.Capture;
using TlsExtcap.Core.Keys;
using TlsExtcap.Core.Pipeline;
using TlsExtcap.Core.Tls.Session;

namespace TlsExtcap.Extcap;

/// <summary>
/// <c>--mode keys</c>: the original frames, unchanged, each TLS frame with a packet comment, and before
/// the first frame that needs them a Decryption Secrets Block holding exactly that connection's
/// secrets, so Wireshark decrypts natively and a saved capture is self-contained (interfaces notes §6:
/// TLS 1.3 secrets must precede the ServerHello, TLS 1.2 ones the first encrypted record).
/// </summary>
internal sealed class KeysModeOutput : IFrameOutput
{
    /// <summary>dumpcap refuses blocks over 262,144 bytes (notes §4.8); DSBs are split below that.</summary>
    public const int MaxBlockPayload = 200 * 1024;

    /// <summary>Largest packet copied whole (block overhead and a comment must still fit).</summary>
    public const int MaxPacketBytes = 256 * 1024;

    private readonly PcapngWriter _writer;
    private readonly bool _flushEachFrame;
    private readonly Dictionary<(int, LinkType), int> _interfaces = [];
    private readonly Dictionary<TlsConnection, HashSet<string>> _written = [];
    private readonly Dictionary<TlsConnection, (long, int, bool)> _exported = [];

    /// <summary>In a lane: the output whose interfaces this one's frames use (it assigns them, in input order).</summary>
    private readonly KeysModeOutput? _main;

    public KeysModeOutput(Stream output, bool flushEachFrame = true)
    {
        _flushEachFrame = flushEachFrame;
        _writer = new PcapngWriter(output, $"TlsExtcap {ExtcapDiscovery.Version}", leaveOpen: true);
    }

    private KeysModeOutput(KeysModeOutput main, PcapngWriter lane)
    {
        _main = main;
        _writer = lane;
    }

    public ITlsEventSink? Sink => null;

    public long SecretsBlocks { get; private set; }

    public void OnFrame(in HeldFrame frame, TlsConnection? connection, string? summary, IReadOnlyList<string> trees)
    {
        int interfaceId = Interface(frame.InterfaceId, frame.LinkType);
        if (connection is not null)
        {
            WriteNewSecrets(connection);
        }

        int length = Math.Min(frame.Data.Length, MaxPacketBytes);
        _writer.WritePacket(interfaceId, frame.TimestampNanoseconds, frame.Data.Span[..length],
            Math.Max(frame.OriginalLength, frame.Data.Length), summary, trees);
        if (_flushEachFrame)
        {
            _writer.Flush();
        }
    }

    public void Flush() => _writer.Flush();

    public void Forget(TlsConnection connection)
    {
        _written.Remove(connection);
        _exported.Remove(connection);
    }

    public void Dispose() => _writer.Dispose();

    public IFrameOutput CreateLane(PcapngWriter writer) => new KeysModeOutput(this, writer);

    /// <summary>The interfaces are numbered here, in input order, as one output would number them; the lanes look them up.</summary>
    public void BeforeLanes(in HeldFrame frame, PcapngWriter header)
    {
        lock (_interfaces)
        {
            if (_interfaces.ContainsKey((frame.InterfaceId, frame.LinkType)))
            {
                return;
            }

            int id = _interfaces.Count;
            while (header.InterfaceCount < id)
            {
                header.DeclareInterface(TimestampResolution.Nanoseconds);
            }

            header.AddInterface(frame.LinkType, name: $"tlsextcap{id}");
            _interfaces[(frame.InterfaceId, frame.LinkType)] = id;
        }
    }

    /// <summary>
    /// A DSB with the connection's lines not written yet. Lines are written into a byte buffer (no
    /// string holds a secret) that is zeroed afterwards; the written set keeps label and identifier only.
    /// </summary>
    private void WriteNewSecrets(TlsConnection connection)
    {
        // Per frame this is the hot path: export only when the connection's secrets may have changed.
        var version = connection.SecretsVersion;
        if (_exported.TryGetValue(connection, out var seen) && seen == version)
        {
            return;
        }

        _exported[connection] = version;
        var secrets = connection.ExportSecrets();
        if (secrets.Count == 0)
        {
            return;
        }

        if (!_written.TryGetValue(connection, out var written))
        {
            _written[connection] = written = [];
        }

        if (AllWritten(secrets, written))
        {
            return;
        }

        byte[] block = ArrayPool<byte>.Shared.Rent(MaxBlockPayload);
        int length = 0;
        try
        {
            foreach (var entry in secrets)
            {
                if (written.Contains(entry.Key))
                {
                    continue;
                }

                if (length + entry.LineLength > MaxBlockPayload)
                {
                    WriteBlock(block, length);
                    length = 0;
                }

                length += entry.WriteLine(block.AsSpan(length));
                written.Add(entry.Key);
            }

            WriteBlock(block, length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block.AsSpan(0, Math.Min(block.Length, MaxBlockPayload)));
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    /// <summary>A loop, not LINQ: a lambda capturing <c>written</c> would allocate its closure on every call of the per-frame path.</summary>
    private static bool AllWritten(IReadOnlyList<KeyLogEntry> secrets, HashSet<string> written)
    {
        for (int i = 0; i < secrets.Count; i++)
        {
            if (!written.Contains(secrets[i].Key))
            {
                return false;
            }
        }

        return true;
    }

    private void WriteBlock(byte[] block, int length)
    {
        if (length == 0)
        {
            return;
        }

        _writer.WriteDecryptionSecrets(CaptureProcessor.TlsKeyLogSecretsType, block.AsSpan(0, length));
        SecretsBlocks++;
    }

    private int Interface(int inputId, LinkType linkType)
    {
        if (_main is not null)
        {
            return LaneInterface(inputId, linkType);
        }

        if (!_interfaces.TryGetValue((inputId, linkType), out int id))
        {
            id = _writer.AddInterface(linkType, name: $"tlsextcap{_interfaces.Count}");
            _interfaces[(inputId, linkType)] = id;
        }

        return id;
    }

    /// <summary>A lane's frame: the interface the main output numbered before the frame came here (declared to this lane's writer).</summary>
    private int LaneInterface(int inputId, LinkType linkType)
    {
        if (!_interfaces.TryGetValue((inputId, linkType), out int id))
        {
            lock (_main!._interfaces)
            {
                id = _main._interfaces[(inputId, linkType)];
            }

            while (_writer.InterfaceCount <= id)
            {
                _writer.DeclareInterface(TimestampResolution.Nanoseconds);
            }

            _interfaces[(inputId, linkType)] = id;
        }

        return id;
    }
}
