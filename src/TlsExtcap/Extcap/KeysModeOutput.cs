using System.Text;
using TlsExtcap.Core.Capture;
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
    private readonly Dictionary<(int, LinkType), int> _interfaces = [];
    private readonly Dictionary<TlsConnection, HashSet<string>> _written = [];

    public KeysModeOutput(Stream output)
    {
        _writer = new PcapngWriter(output, $"TlsExtcap {ExtcapDiscovery.Version}", leaveOpen: true);
    }

    public ITlsEventSink? Sink => null;

    public long SecretsBlocks { get; private set; }

    public void OnFrame(in HeldFrame frame, TlsConnection? connection, string? comment)
    {
        int interfaceId = Interface(frame.InterfaceId, frame.LinkType);
        if (connection is not null)
        {
            WriteNewSecrets(connection);
        }

        int length = Math.Min(frame.Data.Length, MaxPacketBytes);
        _writer.WritePacket(interfaceId, frame.TimestampNanoseconds, frame.Data.AsSpan(0, length),
            Math.Max(frame.OriginalLength, frame.Data.Length), comment is null ? null : [comment]);
        _writer.Flush();
    }

    public void Flush() => _writer.Flush();

    public void Dispose() => _writer.Dispose();

    private void WriteNewSecrets(TlsConnection connection)
    {
        var secrets = connection.ExportSecrets();
        if (secrets.Count == 0)
        {
            return;
        }

        if (!_written.TryGetValue(connection, out var written))
        {
            _written[connection] = written = [];
        }

        var block = new StringBuilder();
        foreach (var entry in secrets)
        {
            string line = entry.Format();
            if (!written.Add(line))
            {
                continue;
            }

            if (block.Length + line.Length + 1 > MaxBlockPayload)
            {
                WriteBlock(block);
            }

            block.Append(line).Append('\n');
        }

        WriteBlock(block);
    }

    private void WriteBlock(StringBuilder block)
    {
        if (block.Length == 0)
        {
            return;
        }

        _writer.WriteDecryptionSecrets(CaptureProcessor.TlsKeyLogSecretsType, Encoding.ASCII.GetBytes(block.ToString()));
        SecretsBlocks++;
        block.Clear();
    }

    private int Interface(int inputId, LinkType linkType)
    {
        if (!_interfaces.TryGetValue((inputId, linkType), out int id))
        {
            id = _writer.AddInterface(linkType, name: $"tlsextcap{_interfaces.Count}");
            _interfaces[(inputId, linkType)] = id;
        }

        return id;
    }
}
