namespace TlsExtcap.Core.Dissection;

/// <summary>What the bytes of a <see cref="DataSource"/> are (Wireshark's "data sources", the tabs under the bytes pane).</summary>
public enum DataSourceKind
{
    /// <summary>A captured frame, link-layer header included.</summary>
    Frame,

    /// <summary>A record or handshake message put together from several TCP segments or records.</summary>
    Reassembled,

    /// <summary>The plaintext of one decrypted record.</summary>
    Decrypted,
}
