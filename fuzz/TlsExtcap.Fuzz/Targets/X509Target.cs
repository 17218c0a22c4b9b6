using TlsExtcap.Core.Dissection;
using TlsExtcap.Core.Dissection.X509;

namespace TlsExtcap.Fuzz.Targets;

/// <summary>
/// The X.509 annotator and the certificate signature checker on mutated DER: the annotator must turn
/// any bytes into a tree (with an error node) without throwing, with every node inside the input.
/// </summary>
public static class X509Target
{
    private static readonly X509Dissector Dissector = new();

    public static void Run(byte[] input)
    {
        var node = new AnnotationNode("X.509 Certificate", new DataSource(DataSourceKind.Decrypted, "fuzz", 1, input, "fuzz"), 0, input.Length);
        Dissector.Dissect(node, null!);
        foreach (var child in node.Descendants())
        {
            if (child.Offset + child.Length > input.Length)
            {
                throw new InvalidOperationException($"{child.Name} lies outside the input");
            }
        }

        _ = CertificateSignatureChecker.VerifyIssuedBy(input, input);
    }

    public static IReadOnlyList<byte[]> Seeds() =>
        new[] { "seed-cert1.der", "seed-cert2.der", "seed-cert3.der", "ec-cert1.der" }.Select(FuzzTargets.Read).ToList();
}
