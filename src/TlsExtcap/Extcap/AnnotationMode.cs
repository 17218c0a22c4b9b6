namespace TlsExtcap.Extcap;

/// <summary>What the extcap annotates in its packet comments (<c>--annotate</c>; keys mode only).</summary>
internal enum AnnotationMode
{
    /// <summary>Only the one-line summary comment.</summary>
    None,

    /// <summary>Every record down to its fields, application data to its record layer (Wireshark shows that data itself).</summary>
    Handshake,

    /// <summary>Also the decrypted application data, through the application dissectors.</summary>
    All,
}
