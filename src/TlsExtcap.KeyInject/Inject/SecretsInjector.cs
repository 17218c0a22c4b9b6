using System.Buffers.Binary;
using System.Security.Cryptography;
using Serilog;
using TlsExtcap.Core.Capture;

namespace TlsExtcap.KeyInject.Inject;

/// <summary>
/// Second pass of <c>inject</c>: copies the capture to pcapng block by block and writes each
/// connection's Decryption Secrets Block just before its ClientHello frame, after the interface blocks
/// (tshark 4.0 needs TLS 1.3 secrets before the ServerHello; editcap and mergecap 4.0 reject a DSB
/// before the first IDB). One block is in memory at a time.
/// </summary>
internal sealed class SecretsInjector
{
    private const int SectionLengthOffset = 16;

    private readonly InjectionPlan _plan;
    private readonly Stream _output;
    private readonly ILogger _log;
    private bool _unmatchedWritten;

    private SecretsInjector(InjectionPlan plan, Stream output, ILogger log)
    {
        _plan = plan;
        _output = output;
        _log = log;
        _unmatchedWritten = plan.Unmatched.Count == 0;
    }

    /// <summary>Number of Decryption Secrets Blocks written.</summary>
    public int BlocksWritten { get; private set; }

    public static int Run(string capturePath, InjectionPlan plan, Stream output, ILogger log)
    {
        var injector = new SecretsInjector(plan, output, log);
        using var reader = CaptureReader.Open(capturePath);
        if (reader.Format == CaptureFormat.Pcapng)
        {
            injector.CopyPcapng(reader);
        }
        else
        {
            injector.ConvertPcap(reader);
        }

        return injector.BlocksWritten;
    }

    private void CopyPcapng(CaptureReader reader)
    {
        // DSBs found before a section's first IDB (editcap 4.0 writes them there) are held back and
        // written after the interface blocks, where editcap and mergecap accept them.
        var heldBack = new List<byte[]>();
        bool sectionHasInterface = false;
        bool bigEndian = false;
        while (reader.TryReadBlock(out var block))
        {
            bigEndian = block.BigEndian;
            switch (block.Type)
            {
                case PcapngBlockType.SectionHeader:
                    Flush(heldBack);
                    sectionHasInterface = false;
                    WriteSectionHeader(block);
                    continue;
                case PcapngBlockType.InterfaceDescription:
                    sectionHasInterface = true;
                    _output.Write(block.Bytes.Span);
                    continue;
                case PcapngBlockType.DecryptionSecrets when !sectionHasInterface:
                    heldBack.Add(block.Bytes.ToArray());
                    continue;
            }

            Flush(heldBack);
            if (block.Record is { Kind: CaptureRecordKind.Packet } packet)
            {
                WriteSecretsBefore(packet.FrameNumber, bigEndian);
            }

            _output.Write(block.Bytes.Span);
        }

        Flush(heldBack);
        WriteRemaining(bigEndian);
    }

    private void ConvertPcap(CaptureReader reader)
    {
        using var writer = new PcapngWriter(_output, "tlsinject", leaveOpen: true);
        LinkType linkType = reader.PcapLinkType ?? LinkType.Ethernet;
        int snapLength = (int)Math.Min(reader.PcapSnapLength ?? 0, int.MaxValue);

        // pcap §4: µs timestamps need no if_tsresol; ns ones are kept exactly with 10^-9.
        writer.AddInterface(linkType, snapLength, name: null, tsresolPowerOf10: reader.PcapNanosecond == true ? (byte)9 : null);
        writer.Flush();
        while (reader.TryRead(out var record))
        {
            if (record.Kind != CaptureRecordKind.Packet)
            {
                continue;
            }

            WriteSecretsBefore(record.FrameNumber, bigEndian: false);
            writer.WritePacket(0, record.TimestampNanoseconds, record.Data.Span, record.OriginalLength);
        }

        WriteRemaining(bigEndian: false);
    }

    private void WriteSecretsBefore(long frame, bool bigEndian)
    {
        if (!_unmatchedWritten)
        {
            _unmatchedWritten = true;
            WriteBlocks(_plan.Unmatched, bigEndian);
        }

        if (_plan.ByFrame.Remove(frame, out var lines))
        {
            WriteBlocks(lines, bigEndian);
        }
    }

    /// <summary>A capture without packets still gets its --all lines, after its interface blocks.</summary>
    private void WriteRemaining(bool bigEndian)
    {
        if (!_unmatchedWritten)
        {
            _unmatchedWritten = true;
            WriteBlocks(_plan.Unmatched, bigEndian);
        }

        foreach (var lines in _plan.ByFrame.Values)
        {
            WriteBlocks(lines, bigEndian);
        }

        _plan.ByFrame.Clear();
    }

    private void WriteBlocks(IEnumerable<string> lines, bool bigEndian)
    {
        foreach (byte[] payload in DecryptionSecretsBlock.Payloads(lines))
        {
            DecryptionSecretsBlock.Write(_output, payload, bigEndian);
            CryptographicOperations.ZeroMemory(payload);
            BlocksWritten++;
        }
    }

    /// <summary>
    /// Copies an SHB; a section length other than -1 would be wrong once blocks are inserted, so it
    /// becomes -1, "not specified" (pcapng §4.1).
    /// </summary>
    private void WriteSectionHeader(in PcapngBlock block)
    {
        ReadOnlySpan<byte> bytes = block.Bytes.Span;
        long sectionLength = block.BigEndian
            ? BinaryPrimitives.ReadInt64BigEndian(bytes[SectionLengthOffset..])
            : BinaryPrimitives.ReadInt64LittleEndian(bytes[SectionLengthOffset..]);
        if (sectionLength == -1)
        {
            _output.Write(bytes);
            return;
        }

        _log.Debug("Section length {Length} reset to -1", sectionLength);
        byte[] copy = bytes.ToArray();
        copy.AsSpan(SectionLengthOffset, sizeof(long)).Fill(0xFF);
        _output.Write(copy);
    }

    private void Flush(List<byte[]> heldBack)
    {
        foreach (byte[] block in heldBack)
        {
            _output.Write(block);
            CryptographicOperations.ZeroMemory(block);
        }

        heldBack.Clear();
    }
}
