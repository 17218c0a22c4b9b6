namespace TlsExtcap.Core.Capture;

/// <summary>pcapng block type codes (pcapng §4, §11.1).</summary>
public enum PcapngBlockType : uint
{
    InterfaceDescription = 0x00000001,
    ObsoletePacket = 0x00000002,
    SimplePacket = 0x00000003,
    NameResolution = 0x00000004,
    InterfaceStatistics = 0x00000005,
    EnhancedPacket = 0x00000006,
    DecryptionSecrets = 0x0000000A,
    SectionHeader = 0x0A0D0D0A,
}
