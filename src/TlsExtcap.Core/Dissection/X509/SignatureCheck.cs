namespace TlsExtcap.Core.Dissection.X509;

/// <summary>The outcome of a signature check.</summary>
public enum SignatureCheck
{
    Valid,
    Invalid,
    UnsupportedAlgorithm,
    Malformed,
}
