namespace TlsExtcap.Core.Capture;

/// <summary>pcapng option codes used by this reader and writer (pcapng §3.5, §4.2).</summary>
internal enum PcapngOptionCode : ushort
{
    EndOfOptions = 0,
    Comment = 1,
    IfName = 2,
    ShbUserApplication = 4,
    IfTsResol = 9,
    IfTsOffset = 14,
}
