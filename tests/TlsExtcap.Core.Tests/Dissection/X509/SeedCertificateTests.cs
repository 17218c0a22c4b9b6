using TlsExtcap.Core.Dissection;
using TlsExtcap.Core.Dissection.X509;
using TlsExtcap.Core.Tests.Support;

namespace TlsExtcap.Core.Tests.Dissection.X509;

/// <summary>The seed's certificate chain (test.bithole.dev ← Let's Encrypt R3 ← ISRG Root X1), as the annotations show it.</summary>
public sealed class SeedCertificateTests
{
    private static readonly Lazy<List<AnnotationNode>> Certificates = new(() =>
        CaptureAnnotations.Annotate(TestFiles.Path("seed", "capture.pcap"), TestFiles.Path("seed", "keylog.txt"))
            .SelectMany(f => f.Nodes).SelectMany(n => n.Descendants()).Where(n => n.Name == "X.509 Certificate").ToList());

    private static AnnotationNode Leaf => Certificates.Value[0];

    private static AnnotationNode Find(AnnotationNode root, string name) => root.Descendants().First(n => n.Name == name);

    [Fact]
    public void Dissect_SeedChain_HasThreeCertificates()
    {
        Assert.Equal(3, Certificates.Value.Count);
        Assert.Equal("CN=test.bithole.dev, issued by C=US, O=Let's Encrypt, CN=R3", Leaf.Value);
    }

    [Fact]
    public void Dissect_SeedLeaf_ShowsItsFields()
    {
        Assert.Equal("v3 (2)", Find(Leaf, "Version").Value);
        Assert.Equal("04 f9 9a 1b 9d f5 e7 f1 7b b9 f1 91 66 12 9e 3f f8 10", Find(Leaf, "Serial Number").Value);
        Assert.Equal("sha256WithRSAEncryption", Find(Leaf, "Signature Algorithm").Value);
        Assert.Equal("C=US, O=Let's Encrypt, CN=R3", Find(Leaf, "Issuer").Value);
        Assert.Equal("CN=test.bithole.dev", Find(Leaf, "Subject").Value);
        Assert.Equal("2022-02-18 06:51:28 UTC to 2022-05-19 06:51:27 UTC", Find(Leaf, "Validity").Value);
        Assert.Equal("rsaEncryption, RSA 2048 bits, e = 65537", Find(Leaf, "Subject Public Key Info").Value);
        Assert.Equal("critical; digitalSignature, keyEncipherment", Find(Leaf, "Extension: Key Usage").Value);
        Assert.Equal("serverAuth, clientAuth", Find(Leaf, "Extension: Extended Key Usage").Value);
        Assert.StartsWith("critical; not a CA", Find(Leaf, "Extension: Basic Constraints").Value, StringComparison.Ordinal);
        Assert.Equal("test.bithole.dev", Find(Leaf, "Extension: Subject Alternative Names").Value);
        Assert.Equal("OCSP http://r3.o.lencr.org, caIssuers http://r3.i.lencr.org/", Find(Leaf, "Extension: Authority Information Access").Value);
        Assert.Equal("CA/B domain validated, Let's Encrypt policy", Find(Leaf, "Extension: Certificate Policies").Value);
        Assert.Equal("2 SCTs", Find(Leaf, "Extension: Certificate Transparency").Value);
        Assert.Equal("2022-02-18 07:51:29.253 UTC", Find(Leaf, "Extension: Certificate Transparency").Descendants().First(n => n.Name == "Timestamp").Value);
    }

    [Fact]
    public void Annotate_SeedChain_EachSignatureVerifiesWithTheNextCertificate()
    {
        var signatures = Certificates.Value.Select(c => c.Children.Last(n => n.Name == "Signature")).ToList();
        Assert.Equal(AnnotationSeverity.Verified, signatures[0].Severity);
        Assert.Contains("Let's Encrypt,CN=R3", signatures[0].Value, StringComparison.Ordinal);
        Assert.Equal(AnnotationSeverity.Verified, signatures[1].Severity);
        Assert.Contains("ISRG Root X1", signatures[1].Value, StringComparison.Ordinal);
        // The last one (ISRG Root X1 cross-signed by DST Root CA X3) has its issuer outside the chain.
        Assert.StartsWith("not checked", signatures[2].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotate_SeedCertificateVerify_Verifies()
    {
        var frames = CaptureAnnotations.Annotate(TestFiles.Path("seed", "capture.pcap"), TestFiles.Path("seed", "keylog.txt"));
        var verify = frames.SelectMany(f => f.Nodes).SelectMany(n => n.Descendants()).Single(n => n.Name == "CertificateVerify");
        var signature = verify.Children.Single(n => n.Name == "Signature");
        Assert.Equal("verified", signature.Value);
        Assert.Equal(AnnotationSeverity.Verified, signature.Severity);
    }

    [Fact]
    public void VerifyIssuedBy_SeedLeafAgainstRoot_IsInvalid()
    {
        var result = CertificateSignatureChecker.VerifyIssuedBy(Certificates.Value[0].Bytes, Certificates.Value[2].Bytes);
        Assert.Equal(SignatureCheck.Invalid, result.Outcome);
    }

    [Fact]
    public void VerifyIssuedBy_TamperedLeaf_IsNotValid()
    {
        byte[] leaf = Certificates.Value[0].Bytes.ToArray();
        leaf[200] ^= 0x01;
        var result = CertificateSignatureChecker.VerifyIssuedBy(leaf, Certificates.Value[1].Bytes);
        Assert.NotEqual(SignatureCheck.Valid, result.Outcome);
    }

    [Fact]
    public void Dissect_EveryTruncatedPrefix_AnnotatesAnErrorAndNeverThrows()
    {
        var dissector = new X509Dissector();
        foreach (var certificate in Certificates.Value)
        {
            byte[] der = certificate.Bytes.ToArray();
            for (int length = 0; length < der.Length; length++)
            {
                var node = Node(der.AsMemory(0, length));
                dissector.Dissect(node, null!);
                Assert.Contains(node.Descendants(), n => n.Name == "Malformed" && n.Severity == AnnotationSeverity.Error);
            }
        }
    }

    [Fact]
    public void Dissect_RandomByteFlips_NeverThrowsAndStaysInBounds()
    {
        var random = new Random(4711);
        var dissector = new X509Dissector();
        byte[] original = Leaf.Bytes.ToArray();
        for (int round = 0; round < 3000; round++)
        {
            byte[] der = (byte[])original.Clone();
            for (int i = random.Next(1, 5); i > 0; i--)
            {
                der[random.Next(der.Length)] ^= (byte)random.Next(1, 256);
            }

            var node = Node(der);
            dissector.Dissect(node, null!);
            Assert.All(node.Descendants(), n => Assert.InRange(n.Offset + n.Length, 0, der.Length));
        }
    }

    private static AnnotationNode Node(ReadOnlyMemory<byte> bytes) =>
        new("X.509 Certificate", new DataSource(DataSourceKind.Decrypted, "test", 1, bytes, "test"), 0, bytes.Length);
}
