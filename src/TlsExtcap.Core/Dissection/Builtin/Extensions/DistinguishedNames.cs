using System.Security.Cryptography.X509Certificates;

namespace TlsExtcap.Core.Dissection.Builtin.Extensions;

/// <summary>A vector16 of DER DistinguishedNames (RFC 8446 §4.2.4, RFC 5246 §7.4.4).</summary>
internal static class DistinguishedNames
{
    public static void Dissect(ref FieldReader reader, string name)
    {
        var list = reader.Vector(2, name, out var listNode, "certificate authorities the sender trusts: a hint for choosing a certificate chain");
        int count = 0;
        while (!list.IsEmpty)
        {
            var dn = list.Vector(2, "Distinguished Name", out var dnNode, null, minLength: 1);
            dnNode.Value = Render(dn.RemainingSpan);
            dn.Rest("DER", FieldReader.Bytes(dn.Remaining));
            count++;
        }

        listNode.Value = Describe.Count(count, "name", "names");
    }

    private static string Render(ReadOnlySpan<byte> der)
    {
        try
        {
            return new X500DistinguishedName(der.ToArray()).Format(false);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return "not a valid distinguished name";
        }
    }
}
