namespace TlsExtcap.Core.Dissection.X509;

/// <summary>A signature check's outcome and a short reason.</summary>
public readonly record struct SignatureCheckResult(SignatureCheck Outcome, string Reason)
{
    public bool IsValid => Outcome == SignatureCheck.Valid;

    public static SignatureCheckResult Valid(string reason) => new(SignatureCheck.Valid, reason);

    public static SignatureCheckResult Invalid(string reason) => new(SignatureCheck.Invalid, reason);

    public static SignatureCheckResult Unsupported(string reason) => new(SignatureCheck.UnsupportedAlgorithm, reason);

    public static SignatureCheckResult Malformed(string reason) => new(SignatureCheck.Malformed, reason);
}
