using System.Globalization;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>
/// RFC 6962 §3.2: struct { Version sct_version; LogID id; uint64 timestamp; CtExtensions extensions;
/// digitally-signed struct {...}; } SignedCertificateTimestamp.
/// </summary>
internal static class SctFields
{
    public static void Dissect(ref FieldReader sct)
    {
        byte version = sct.UInt8("Version", out var versionNode);
        versionNode.Value = version == 0 ? "v1 (0)" : $"{version} (unknown)";
        var logId = sct.Field("Log ID", 32, null, "SHA-256 of the log's public key: which log signed this timestamp");
        logId.Value = HexText.Spaced(logId.Bytes);
        var peek = sct.Peek(8);
        ulong millis = 0;
        foreach (byte b in peek)
        {
            millis = (millis << 8) | b;
        }

        var time = sct.Field("Timestamp", 8, null, "when the log promised to include the certificate (milliseconds since 1970)");
        time.Value = millis <= (ulong)DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)millis).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture)
            : millis.ToString(CultureInfo.InvariantCulture);
        var extensions = sct.Vector(2, "Extensions", out var extensionsNode, "CT extensions; none are defined for v1");
        extensionsNode.Value = extensions.IsEmpty ? "none" : FieldReader.Bytes(extensions.Remaining);
        if (!extensions.IsEmpty)
        {
            extensions.Rest("Data", FieldReader.Bytes(extensions.Remaining));
        }

        byte hash = sct.UInt8("Hash Algorithm", out var hashNode);
        hashNode.Value = hash switch { 4 => "sha256 (4)", 5 => "sha384 (5)", 6 => "sha512 (6)", _ => hash.ToString(CultureInfo.InvariantCulture) };
        byte signature = sct.UInt8("Signature Algorithm", out var signatureNode);
        signatureNode.Value = signature switch { 1 => "rsa (1)", 3 => "ecdsa (3)", _ => signature.ToString(CultureInfo.InvariantCulture) };
        var sig = sct.Vector(2, "Signature", out var sigNode, "the log's signature over the timestamp and the certificate (RFC 6962 §3.2)");
        sigNode.Value = FieldReader.Bytes(sig.Remaining);
        sig.Rest("Signature Value", FieldReader.Bytes(sig.Remaining));
        sct.EnsureEnd();
    }
}
