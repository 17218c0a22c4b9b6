namespace TlsExtcap.Core.Dissection.Builtin.Handshake;

/// <summary>Fields the ClientHello and ServerHello share (RFC 8446 §4.1.2, §4.1.3).</summary>
internal static class HelloFields
{
    /// <summary>RFC 8446 §4.1.3: the last 8 bytes of a TLS 1.3 server's random when it negotiates a lower version.</summary>
    private static ReadOnlySpan<byte> DowngradeTls12 => "DOWNGRD\u0001"u8;

    private static ReadOnlySpan<byte> DowngradeTls11 => "DOWNGRD\u0000"u8;

    public static ushort LegacyVersion(ref FieldReader body, DissectionContext context, bool client)
    {
        ushort version = body.UInt16(client ? "ClientHello Version" : "ServerHello Version", out var node);
        node.Value = Describe.Version(version);
        node.Text = client
            ? version == 0x0303
                ? "TLS 1.2; a TLS 1.3 client also sends 03 03 here, for servers that only know TLS 1.2, and lists its real versions in supported_versions (RFC 8446 §4.1.2)"
                : "the highest version the client supports (TLS 1.2 and earlier; RFC 5246 §7.4.1.2)"
            : version == 0x0303
                ? "TLS 1.2; a TLS 1.3 server also sends 03 03 and puts the real version in supported_versions (RFC 8446 §4.1.3)"
                : "the version the server chose";
        return version;
    }

    public static void Random(ref FieldReader body, DissectionContext context, bool client, bool retry)
    {
        var random = body.Field("Random", 32);
        random.Value = HexText.Spaced(random.Bytes);
        var bytes = random.Bytes;
        if (retry)
        {
            random.Text = "not random: SHA-256 of \"HelloRetryRequest\", the value that marks this ServerHello as a HelloRetryRequest (RFC 8446 §4.1.3)";
        }
        else if (!client && (bytes[24..].SequenceEqual(DowngradeTls12) || bytes[24..].SequenceEqual(DowngradeTls11)))
        {
            random.Text = "ends with \"DOWNGRD\": a TLS 1.3 server negotiated an older version; a TLS 1.3 client must abort if it offered 1.3 (RFC 8446 §4.1.3 downgrade protection)";
            random.Severity = AnnotationSeverity.Warning;
        }
        else
        {
            random.Text = client
                ? "32 random bytes from the client; they feed the key derivation and identify the connection in SSLKEYLOGFILE (CLIENT_RANDOM)"
                : "32 random bytes from the server; with the client's they make every connection's keys unique";
        }
    }

    public static void SessionId(ref FieldReader body, DissectionContext context, bool client, ReadOnlySpan<byte> clientSessionId = default)
    {
        var id = body.Vector(1, client ? "Legacy Session ID" : "Session ID", out var node, null, maxLength: 32, lengthText: "length of the session id (0 to 32)");
        bool empty = id.IsEmpty;
        node.Value = empty ? "empty" : FieldReader.Bytes(id.Remaining);
        if (!empty)
        {
            id.Rest("Session ID", HexText.Spaced(id.RemainingSpan));
        }

        node.Text = client
            ? empty
                ? "no session to resume"
                : "TLS 1.2: the session to resume; a TLS 1.3 client sends 32 random bytes here (\"compatibility mode\") so that middleboxes see a familiar resumption (RFC 8446 §D.4)"
            : context.IsTls13
                ? "must echo the client's legacy_session_id (RFC 8446 §4.1.3)"
                : empty ? "the server will not cache this session" : "the id under which the server caches the session, or the id of the session resumed";
    }

    public static ushort CipherSuite(ref FieldReader body, DissectionContext context)
    {
        ushort suite = body.UInt16("Cipher Suite", out var node);
        CipherSuiteText.Annotate(node, suite);
        node.Text = $"the server's choice from the client's list: {node.Text}";
        context.CipherSuite = suite;
        return suite;
    }
}
