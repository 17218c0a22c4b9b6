namespace TlsExtcap.Core.Dissection.X509;

/// <summary>Bytes that are not valid DER for the structure being read.</summary>
public sealed class DerDecodeException : Exception
{
    public DerDecodeException(DerDecodeError reason, string structure, string? detail = null)
        : base(detail is null ? $"{structure}: {reason}" : $"{structure}: {reason} ({detail})")
    {
        Reason = reason;
        Structure = structure;
    }

    public DerDecodeError Reason { get; }

    public string Structure { get; }
}
